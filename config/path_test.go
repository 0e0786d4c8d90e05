package config

import (
	"path/filepath"
	"testing"
)

func TestPathPrecedence(t *testing.T) {
	tests := []struct {
		name, flag string
		env        map[string]string
		want       string
	}{
		{"flag wins", "/f/c.yaml", map[string]string{"ENTRATOKEN_CONFIG": "/e/c.yaml", "XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/f/c.yaml"},
		{"flag with ~", "~/my.yaml", map[string]string{"HOME": "/h"}, "/h/my.yaml"},
		{"env next", "", map[string]string{"ENTRATOKEN_CONFIG": "/e/c.yaml", "XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/e/c.yaml"},
		{"env with ~", "", map[string]string{"ENTRATOKEN_CONFIG": "~/e.yaml", "HOME": "/h"}, "/h/e.yaml"},
		{"xdg next", "", map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x/entratoken/config.yaml"},
		{"relative xdg ignored", "", map[string]string{"XDG_CONFIG_HOME": "x", "HOME": "/h"}, "/h/.config/entratoken/config.yaml"},
		{"home last", "", map[string]string{"HOME": "/h"}, "/h/.config/entratoken/config.yaml"},
		{"~ from USERPROFILE when no HOME", "~/my.yaml", map[string]string{"USERPROFILE": "/u"}, "/u/my.yaml"},
		{"relative flag kept", "c.yaml", nil, "c.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Path(tt.flag, func(k string) string { return tt.env[k] })
			if err != nil || got != filepath.FromSlash(tt.want) {
				t.Errorf("Path = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestPathWithoutHome(t *testing.T) {
	none := func(string) string { return "" }
	if _, err := Path("", none); err == nil || err.Error() != "cannot find a folder for the config file: neither $XDG_CONFIG_HOME nor $HOME is set; set one of them, or pass --config or set ENTRATOKEN_CONFIG" {
		t.Errorf("Path without HOME: %v", err)
	}
	if _, err := Path("~/c.yaml", none); err == nil || err.Error() != "cannot expand ~ in the config path: $HOME is not set; write the full path" {
		t.Errorf("Path(~/...) without HOME: %v", err)
	}
}
