# RPM %post: let a running systemd see the new or changed unit file; the service is neither
# enabled nor started.
if [ -d /run/systemd/system ]; then
  systemctl --system daemon-reload >/dev/null 2>&1 || :
fi
exit 0
