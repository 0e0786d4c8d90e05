//go:build unix

package clip

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// script writes an executable shell script and returns its path.
func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "browser")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

// A launcher that leaves the browser running with its output (xdg-open
// and friends do) returns at once: the child gets no pipes to hold. One
// that is the browser and runs on counts as opened after a short wait, and
// one that fails says so.
func TestBrowserCommandsDoNotBlock(t *testing.T) {
	for _, viaPlatform := range []bool{false, true} {
		t.Run(map[bool]string{false: "$BROWSER", true: "the platform's opener"}[viaPlatform], func(t *testing.T) {
			browserCommandsDoNotBlock(t, viaPlatform)
		})
	}
}

// browserCommandsDoNotBlock runs each case as $BROWSER, or as xdg-open
// (what the platform's opener runs on Linux and the BSDs) first in PATH.
func browserCommandsDoNotBlock(t *testing.T, viaPlatform bool) {
	tests := []struct {
		name, body string
		wantErr    bool
		within     time.Duration
	}{
		{"launcher leaves a child", "sleep 30 &\nexit 0", false, 2 * time.Second},
		{"the browser itself runs on", "exec sleep 30", false, 2 * time.Second},
		{"fails", "echo no display >&2\nexit 3", true, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBrowser(env("BROWSER", script(t, tt.body)))
			if viaPlatform {
				dir := t.TempDir()
				if err := os.Rename(script(t, tt.body), filepath.Join(dir, "xdg-open")); err != nil {
					t.Fatal(err)
				}
				t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
				b = NewBrowser(env())
			}
			b.wait = 300 * time.Millisecond
			began := time.Now()
			err := b.Open("https://example.com/login")
			if took := time.Since(began); took > tt.within {
				t.Fatalf("Open took %v", took)
			}
			if (err != nil) != tt.wantErr || (err != nil && !strings.Contains(err.Error(), "exit status 3")) {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
