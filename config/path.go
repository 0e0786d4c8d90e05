package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/entratoken/entratoken/flows"
)

// Path picks the config file: the --config flag, else $ENTRATOKEN_CONFIG,
// else config.yaml in flows.DefaultConfigDir ($XDG_CONFIG_HOME/entratoken,
// ~/.config/entratoken, or %AppData%\entratoken on Windows without
// $HOME). getenv is passed in so tests and the caller decide what the
// environment is. A leading ~/ is expanded (from $HOME, else
// %USERPROFILE%), since a flag like --config=~/x reaches us unexpanded.
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
	dir, err := flows.DefaultConfigDir(getenv)
	if err != nil {
		return "", fmt.Errorf("%w, or pass --config or set ENTRATOKEN_CONFIG", err)
	}
	return filepath.Join(dir, "config.yaml"), nil
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
