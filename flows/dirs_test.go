package flows

import (
	"path/filepath"
	"strings"
	"testing"
)

// Where cmd.exe and PowerShell leave neither $HOME nor XDG variables set,
// the folders are where os.UserCacheDir and os.UserConfigDir put them.
func TestUserDirsOnWindowsWithoutHome(t *testing.T) {
	env := map[string]string{"LocalAppData": `C:\Users\kari\AppData\Local`, "AppData": `C:\Users\kari\AppData\Roaming`, "USERPROFILE": `C:\Users\kari`}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		dirs userDir
		want string
	}{
		{cacheDirs, filepath.Join(env["LocalAppData"], "entratoken")},
		{configDirs, filepath.Join(env["AppData"], "entratoken")},
	} {
		if got, err := tc.dirs.find(getenv, "windows"); err != nil || got != tc.want {
			t.Errorf("%s on Windows = %q, %v; want %q", tc.dirs.what, got, err, tc.want)
		}
		if _, err := tc.dirs.find(func(string) string { return "" }, "windows"); err == nil || !strings.Contains(err.Error(), "%"+tc.dirs.windows+"%") {
			t.Errorf("%s on Windows with nothing set: %v, want an error naming %%%s%%", tc.dirs.what, err, tc.dirs.windows)
		}
		// $HOME (Git Bash, WSL interop) and XDG still come first.
		env["HOME"] = "/home/kari"
		if got, _ := tc.dirs.find(getenv, "windows"); got != filepath.Join("/home/kari", tc.dirs.home, "entratoken") {
			t.Errorf("%s on Windows with $HOME = %q", tc.dirs.what, got)
		}
		delete(env, "HOME")
	}
}
