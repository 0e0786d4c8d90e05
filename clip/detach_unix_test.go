//go:build unix

package clip

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childOut names the file where the test binary, started by ClearLater as
// its background clear, reports how it was started.
const childOut = "CLIP_TEST_CHILD_OUT"

// childReport is what the background process saw of itself.
type childReport struct {
	Args           []string
	OwnGroup       bool // a session (and so process group) of its own
	StdioDevNull   bool
	TokenInEnviron bool
}

func TestMain(m *testing.M) {
	if out := os.Getenv(childOut); out != "" && len(os.Args) > 1 && os.Args[1] == ClearCommand {
		reportChild(out)
		return
	}
	os.Exit(m.Run())
}

func reportChild(out string) {
	null, _ := os.Stat(os.DevNull)
	r := childReport{Args: os.Args[1:], OwnGroup: syscall.Getpgrp() == os.Getpid(), StdioDevNull: true}
	for _, f := range []*os.File{os.Stdin, os.Stdout, os.Stderr} {
		st, err := f.Stat()
		r.StdioDevNull = r.StdioDevNull && err == nil && os.SameFile(st, null)
	}
	for _, kv := range os.Environ() {
		r.TokenInEnviron = r.TokenInEnviron || strings.Contains(kv, tok)
	}
	b, _ := json.Marshal(r)
	os.WriteFile(out+".tmp", b, 0o600)
	os.Rename(out+".tmp", out)
}

// HandOff really starts the process: in a session of its own, so the
// hangup that ends the terminal's session does not end it, with stdin,
// stdout and stderr on /dev/null, and with the token nowhere in its
// arguments or environment. The test binary stands in for entratoken.
func TestClearLaterStartsARealDetachedProcess(t *testing.T) {
	out := filepath.Join(t.TempDir(), "child.json")
	t.Setenv(childOut, out)
	c, _ := newTest(&fakeSystem{}, env())
	c.executable = os.Executable
	c.now = func() time.Time { return time.Unix(0, 0) }
	c.Write(tok, time.Unix(3, 0))
	if err := c.HandOff(); err != nil {
		t.Fatal(err)
	}
	var b []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ = os.ReadFile(out); b != nil {
			break
		}
	}
	var r childReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("the background process did not report: %v", err)
	}
	want := childReport{Args: []string{ClearCommand, "--after", "3s", "--sum", Sum(tok)}, OwnGroup: true, StdioDevNull: true}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("the background process saw %+v, want %+v", r, want)
	}
}
