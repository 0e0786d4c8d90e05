package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/clip"
)

func TestClipboardClearCmd(t *testing.T) {
	sum := clip.Sum("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		args    []string
		cleared bool
		wantErr string
	}{
		{"due now", context.Background(), []string{"--after", "0s", "--sum", sum}, true, ""},
		{"terminated while waiting clears at once", cancelled, []string{"--after", "1h", "--sum", sum}, true, ""},
		{"not hex", context.Background(), []string{"--after", "0s", "--sum", "zz"}, false, "--sum must be a SHA-256"},
		{"too short", context.Background(), []string{"--after", "0s", "--sum", sum[:62]}, false, "--sum must be a SHA-256"},
		{"no sum", context.Background(), []string{"--after", "0s"}, false, "--sum must be a SHA-256"},
		{"negative", context.Background(), []string{"--after", "-1s", "--sum", sum}, false, "--after must be between"},
		{"too long", context.Background(), []string{"--after", "25h", "--sum", sum}, false, "--after must be between"},
		{"an argument", context.Background(), []string{"--sum", sum, "the-token"}, false, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			cmd := clipboardClearCmd(func(s string) error { got = append(got, s); return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			start := time.Now()
			err := cmd.ExecuteContext(tt.ctx)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if cleared := len(got) == 1 && got[0] == sum; cleared != tt.cleared || len(got) > 1 {
				t.Fatalf("clear called with %q, want cleared=%v", got, tt.cleared)
			}
			if time.Since(start) > 5*time.Second {
				t.Fatal("waited although the clear was due or the context was done")
			}
		})
	}
}

// The command is there for the UI, not for people: it runs, but help and
// completion do not show it.
func TestClipboardClearIsHidden(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("--help: exit %d", code)
	}
	if strings.Contains(out.String(), clip.ClearCommand) {
		t.Fatalf("--help lists %s:\n%s", clip.ClearCommand, out.String())
	}
	out.Reset()
	code := run(context.Background(), []string{clip.ClearCommand, "--after", "0s", "--sum", "zz"}, strings.NewReader(""), &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "--sum must be a SHA-256") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}
