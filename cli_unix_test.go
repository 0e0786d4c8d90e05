//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBadInputIsExit2(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "session")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("x", 100<<10)
	for _, tc := range []struct {
		name    string
		env     []string
		stdin   string
		args    []string
		mention string
	}{
		{"completion nope", nil, "", []string{"completion", "nope"}, `unknown command "nope" for "entratoken completion"`},
		{"a session with control characters", []string{"ENTRATOKEN_SESSION=io.nais.wonderwall.session=abc\x07def\x1b[2J"}, "",
			[]string{"token", "--obo", "dev-gcp:team:app"}, "ENTRATOKEN_SESSION: the session cookie holds characters a cookie cannot have"},
		{"a 100 KB target", nil, "", []string{"token", huge}, `target "xxxxxxxxxx`},
		{"a 100 KB unknown command", nil, "", []string{huge}, `unknown command "xxxxxxxxxx`},
		{"more than 1 MiB on stdin", nil, strings.Repeat("eyJ", 1<<19), []string{"decode"}, "more than 1 MiB on stdin; a token is a few KiB"},
		{"an encrypted token", nil, "", []string{"decode", "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn"}, "it is an encrypted token (JWE, 5 parts)"},
		{"a FIFO as --session-file", nil, "", []string{"token", "--obo", "--session-file", fifo, "dev-gcp:team:app"}, "is a FIFO (named pipe), not a regular file"},
		{"a device as --session-file", nil, "", []string{"token", "--obo", "--session-file", "/dev/zero", "dev-gcp:team:app"}, "is a device, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := entratoken(t, tc.env, tc.stdin, tc.args...)
			r.want(t, 2)
			if r.stdout != "" || !strings.Contains(r.stderr, tc.mention) || len(r.stderr) > 1000 || time.Since(start) > 3*time.Second {
				t.Errorf("want a short message with %q, got stdout %q, stderr (%d bytes, %v):\n%.1000s",
					tc.mention, r.stdout, len(r.stderr), time.Since(start), r.stderr)
			}
			if strings.Count(r.stderr, strings.Repeat("x", 100)) > 0 {
				t.Errorf("the huge argument is quoted at length:\n%.400s", r.stderr)
			}
		})
	}
	r := entratoken(t, nil, "", "completion")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "bash") {
		t.Errorf("bare completion should show its help, got %q", r.stdout)
	}
}
