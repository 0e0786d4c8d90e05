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
