# RPM %postun: let a running systemd forget the removed unit. The user and group stay, as RPM
# distributions recommend (files elsewhere may still be owned by them).
if [ -d /run/systemd/system ]; then
  systemctl --system daemon-reload >/dev/null 2>&1 || :
fi
exit 0
