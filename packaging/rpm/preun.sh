# RPM %preun: on erase (not upgrade, where $1 is 1), stop a collector an administrator started
# before its files go away.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
  systemctl stop divolte-collector.service >/dev/null 2>&1 || :
fi
exit 0
