package session

import (
	"errors"
	"path/filepath"
)

// DefaultDir is the folder for session files. A session is state, not
// configuration nor cache: deleting the cache must not log the user out,
// and it belongs to this machine only. So: $XDG_STATE_HOME/entratoken on
// every OS when it is set (absolute; the XDG spec says to ignore a
// relative one), else the platform's per-user, per-machine place:
// ~/.local/state/entratoken on Linux and the BSDs, ~/Library/Application
// Support/entratoken on macOS (os.UserConfigDir's), and
// %LocalAppData%\entratoken on Windows (local, not roaming: a session must
// not follow a roaming profile to another machine). goos and getenv are
// runtime.GOOS and os.Getenv, passed in so every platform can be tested.
func DefaultDir(goos string, getenv func(string) string) (string, error) {
	if x := getenv("XDG_STATE_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "entratoken"), nil
	}
	if goos == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "entratoken"), nil
		}
		return "", errors.New("cannot find a folder for the session file: %LocalAppData% is not set")
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("cannot find a folder for the session file: neither $XDG_STATE_HOME nor $HOME is set")
	}
	if goos == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "entratoken"), nil
	}
	return filepath.Join(home, ".local", "state", "entratoken"), nil
}
