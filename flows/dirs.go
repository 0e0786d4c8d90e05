package flows

import (
	"errors"
	"path/filepath"
	"runtime"
)

// userDir says where one kind of per-user file lives.
type userDir struct {
	xdg     string // the XDG variable, e.g. XDG_CACHE_HOME
	home    string // below $HOME, e.g. .cache
	windows string // the Windows variable os.UserCacheDir/UserConfigDir use
	what    string // for the error
}

var (
	cacheDirs  = userDir{xdg: "XDG_CACHE_HOME", home: ".cache", windows: "LocalAppData", what: "the token cache"}
	configDirs = userDir{xdg: "XDG_CONFIG_HOME", home: ".config", windows: "AppData", what: "the config file"}
)

// DefaultCacheDir is where tokens are kept between runs, in a folder
// "entratoken": $XDG_CACHE_HOME when it is absolute, else ~/.cache, else
// (no $HOME, as in cmd.exe and PowerShell) where os.UserCacheDir looks:
// %LocalAppData% on Windows. getenv is passed in so callers and tests
// control the environment.
func DefaultCacheDir(getenv func(string) string) (string, error) {
	return cacheDirs.find(getenv, runtime.GOOS)
}

// DefaultConfigDir is the folder of the config file, "entratoken" in
// $XDG_CONFIG_HOME when it is absolute, else in ~/.config, else (no $HOME)
// where os.UserConfigDir looks: %AppData% on Windows.
func DefaultConfigDir(getenv func(string) string) (string, error) {
	return configDirs.find(getenv, runtime.GOOS)
}

// find applies the order above on goos. A relative XDG variable is
// ignored, as the XDG spec says.
func (d userDir) find(getenv func(string) string, goos string) (string, error) {
	if x := getenv(d.xdg); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "entratoken"), nil
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, d.home, "entratoken"), nil
	}
	if goos != "windows" {
		return "", errors.New("cannot find a folder for " + d.what + ": neither $" + d.xdg + " nor $HOME is set; set one of them")
	}
	if base := getenv(d.windows); base != "" {
		return filepath.Join(base, "entratoken"), nil
	}
	return "", errors.New("cannot find a folder for " + d.what + ": none of %" + d.windows + "%, $HOME and $" + d.xdg + " is set; set one of them")
}
