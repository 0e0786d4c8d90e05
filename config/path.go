package config

import (
	"errors"
	"path/filepath"
	"strings"
)

// Path picks the config file: the --config flag, else $ENTRATOKEN_CONFIG,
// else $XDG_CONFIG_HOME/entratoken/config.yaml, else
// ~/.config/entratoken/config.yaml. getenv is passed in so tests and the
// caller decide what the environment is. A leading ~/ is expanded, since a
// flag like --config=~/x reaches us unexpanded.
func Path(flag string, getenv func(string) string) (string, error) {
	home := getenv("HOME")
	if home == "" {
		home = getenv("USERPROFILE")
	}
	if flag != "" {
		return expandHome(flag, home)
	}
	if p := getenv("ENTRATOKEN_CONFIG"); p != "" {
		return expandHome(p, home)
	}
	// The XDG spec says to ignore a relative XDG_CONFIG_HOME.
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "entratoken", "config.yaml"), nil
	}
	if home == "" {
		return "", errors.New("cannot find the config file: $HOME is not set; pass --config or set ENTRATOKEN_CONFIG")
	}
	return filepath.Join(home, ".config", "entratoken", "config.yaml"), nil
}

func expandHome(p, home string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return filepath.Clean(p), nil
	}
	if home == "" {
		return "", errors.New("cannot expand ~ in the config path: $HOME is not set; write the full path")
	}
	return filepath.Join(home, p[1:]), nil
}
