package session

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
)

// missingBus says why the freedesktop Secret Service cannot be reached,
// or "" when it may be (and on macOS and Windows, which have no D-Bus
// keyring). It looks where go-keyring's D-Bus library does: without a
// session bus that library runs dbus-launch, which starts a new D-Bus
// daemon on every call and leaves it running, and still finds no keyring.
// Checking first also makes a keyring-less machine (a server over SSH, a
// container, CI) fall back to the file at the cost of a stat.
func missingBus(goos string, getenv func(string) string, uid int, exists func(string) bool) string {
	if goos == "darwin" || goos == "windows" {
		return ""
	}
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return ""
	}
	dir := filepath.Join("/run/user", strconv.Itoa(uid))
	if exists(filepath.Join(dir, "bus")) || exists(filepath.Join(dir, "dbus-session")) {
		return ""
	}
	return "no D-Bus session for the Secret Service (DBUS_SESSION_BUS_ADDRESS is not set)"
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// noKeyring stands in for a keyring that cannot be reached: every call
// fails with why.
type noKeyring struct{ why string }

func (n noKeyring) Set(_, _, _ string) error        { return errors.New(n.why) }
func (n noKeyring) Get(_, _ string) (string, error) { return "", errors.New(n.why) }
func (n noKeyring) Delete(_, _ string) error        { return errors.New(n.why) }
func (n noKeyring) DeleteAll(_ string) error        { return errors.New(n.why) }
