# RPM %pre (operations.md §8.2): the system user and group the service runs as, without a login
# shell. Existing ones are kept (upgrades, or created by an administrator).
getent group divolte >/dev/null || groupadd --system divolte
getent passwd divolte >/dev/null ||
  useradd --system --gid divolte --home-dir /nonexistent --no-create-home \
    --shell /sbin/nologin --comment "Divolte clickstream collector" divolte
exit 0
