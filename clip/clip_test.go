package clip

import (
	"bytes"
	"encoding/base64"
	"errors"
	"reflect"
	"testing"
	"time"
)

// fakeSystem is a system clipboard in memory.
type fakeSystem struct {
	text        string
	unsupported bool
	failWrite   bool
	failRead    bool // like xclip with no display, or no tool at all
	writes      int
	reads       int
}

func (f *fakeSystem) ReadAll() (string, error) {
	f.reads++
	if f.failRead {
		return "", errors.New("xclip: exit status 1")
	}
	return f.text, nil
}
func (f *fakeSystem) WriteAll(t string) error {
	if f.failWrite {
		return errors.New("xclip: no display")
	}
	f.writes++
	f.text = t
	return nil
}
func (f *fakeSystem) Unsupported() bool { return f.unsupported }

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// fakeTmux records the tmux commands run; err makes them fail, like a tmux
// older than 3.2 that knows no load-buffer -w.
type fakeTmux struct {
	runs [][]string // stdin, then the arguments
	err  error
}

func (f *fakeTmux) run(stdin string, args ...string) error {
	f.runs = append(f.runs, append([]string{stdin}, args...))
	return f.err
}

func newTest(sys *fakeSystem, getenv func(string) string) (*Clipboard, *bytes.Buffer) {
	c, out, _ := newTestTmux(sys, getenv, &fakeTmux{})
	return c, out
}

func newTestTmux(sys *fakeSystem, getenv func(string) string, tm *fakeTmux) (*Clipboard, *bytes.Buffer, *fakeTmux) {
	var out bytes.Buffer
	c := New(&out, getenv)
	c.sys = sys
	c.tmux = tm.run
	c.executable = func() (string, error) { panic("a test started a process") }
	return c, &out, tm
}

const inTmux = "/tmp/tmux-1000/default,4242,0"

const tok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"

func osc(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

func TestWriteChoosesMethod(t *testing.T) {
	loadBuffer := []string{tok, "load-buffer", "-b", "entratoken", "-w", "-"}
	tests := []struct {
		name    string
		sys     fakeSystem
		getenv  func(string) string
		tmuxErr error
		method  string
		written string   // bytes on the terminal
		tmux    []string // the tmux command run, stdin first
	}{
		{"system clipboard", fakeSystem{}, env(), nil, MethodSystem, "", nil},
		{"system clipboard under tmux", fakeSystem{}, env("TMUX", inTmux), nil, MethodSystem, "", nil},
		{"no clipboard tool", fakeSystem{unsupported: true}, env(), nil, MethodOSC52, osc(tok), nil},
		{"ssh tty", fakeSystem{}, env("SSH_TTY", "/dev/pts/1"), nil, MethodOSC52, osc(tok), nil},
		{"ssh connection", fakeSystem{}, env("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22"), nil, MethodOSC52, osc(tok), nil},
		{"forced", fakeSystem{}, env("ENTRATOKEN_CLIPBOARD", "osc52"), nil, MethodOSC52, osc(tok), nil},
		{"system fails", fakeSystem{failWrite: true}, env(), nil, MethodOSC52, osc(tok), nil},
		{"tmux", fakeSystem{unsupported: true}, env("TMUX", inTmux), nil, MethodTmux, "", loadBuffer},
		{"tmux over ssh", fakeSystem{}, env("TMUX", inTmux, "SSH_TTY", "/dev/pts/1"), nil, MethodTmux, "", loadBuffer},
		{"tmux older than 3.2", fakeSystem{unsupported: true}, env("TMUX", inTmux), errors.New("tmux load-buffer: exit status 1: unknown flag -w"), MethodOSC52,
			"\x1bPtmux;\x1b\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(tok)) + "\x07\x1b\\", loadBuffer},
		{"screen", fakeSystem{unsupported: true}, env("STY", "123.pts-0"), nil, MethodOSC52,
			"\x1bP\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(tok)) + "\x07\x1b\\", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := tt.sys
			c, out, tm := newTestTmux(&sys, tt.getenv, &fakeTmux{err: tt.tmuxErr})
			method, err := c.Write(tok, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if method != tt.method {
				t.Errorf("method = %q, want %q", method, tt.method)
			}
			if got := out.String(); got != tt.written {
				t.Errorf("terminal got %q, want %q", got, tt.written)
			}
			if tt.method == MethodSystem && sys.text != tok {
				t.Errorf("system clipboard holds %q", sys.text)
			}
			if want := [][]string{tt.tmux}; (tt.tmux == nil && len(tm.runs) != 0) || (tt.tmux != nil && !reflect.DeepEqual(tm.runs, want)) {
				t.Errorf("tmux ran %q, want %q", tm.runs, tt.tmux)
			}
		})
	}
}

func TestReadUnderOSC52Fails(t *testing.T) {
	c, _ := newTest(&fakeSystem{text: "x"}, env("SSH_TTY", "/dev/pts/1"))
	if _, err := c.Read(); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("Read over SSH: err = %v, want ErrUnreadable", err)
	}
	c, _ = newTest(&fakeSystem{text: "x"}, env())
	if got, err := c.Read(); err != nil || got != "x" {
		t.Fatalf("Read = %q, %v", got, err)
	}
}

func TestClearIfUnchanged(t *testing.T) {
	t.Run("system, unchanged", func(t *testing.T) {
		sys := &fakeSystem{}
		c, _ := newTest(sys, env())
		c.Write(tok, time.Time{})
		if err := c.ClearIfUnchanged(tok); err != nil || sys.text != "" {
			t.Fatalf("clipboard = %q, err %v; want cleared", sys.text, err)
		}
	})
	t.Run("system, user copied something else", func(t *testing.T) {
		sys := &fakeSystem{}
		c, _ := newTest(sys, env())
		c.Write(tok, time.Time{})
		sys.text = "the user's own text"
		writes := sys.writes
		if err := c.ClearIfUnchanged(tok); err != nil || sys.text != "the user's own text" || sys.writes != writes {
			t.Fatalf("clipboard = %q after clear; want it left alone", sys.text)
		}
	})
	t.Run("osc52 clears by writing empty", func(t *testing.T) {
		c, out := newTest(&fakeSystem{}, env("SSH_TTY", "/dev/pts/1"))
		c.Write(tok, time.Time{})
		out.Reset()
		if err := c.ClearIfUnchanged(tok); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); got != "\x1b]52;c;\x07" {
			t.Fatalf("clear wrote %q", got)
		}
	})
	// tmux ignores an empty load: the outer clipboard gets a blank, and
	// tmux's own buffer is deleted, so that nothing is left in tmux, not
	// even that blank.
	t.Run("tmux overwrites the outer clipboard and deletes its buffer", func(t *testing.T) {
		c, out, tm := newTestTmux(&fakeSystem{unsupported: true}, env("TMUX", inTmux), &fakeTmux{})
		c.Write(tok, time.Time{})
		if err := c.ClearIfUnchanged(tok); err != nil {
			t.Fatal(err)
		}
		want := [][]string{{" ", "load-buffer", "-b", "entratoken", "-w", "-"}, {"", "delete-buffer", "-b", "entratoken"}}
		if len(tm.runs) != 3 || !reflect.DeepEqual(tm.runs[1:], want) || out.Len() != 0 {
			t.Fatalf("clear ran tmux %q, wrote %q", tm.runs, out.String())
		}
	})
	t.Run("tmux clear failing falls back to OSC 52", func(t *testing.T) {
		c, out, tm := newTestTmux(&fakeSystem{unsupported: true}, env("TMUX", inTmux), &fakeTmux{})
		c.Write(tok, time.Time{})
		tm.err = errors.New("no server running")
		if err := c.ClearIfUnchanged(tok); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); got != "\x1bPtmux;\x1b\x1b]52;c;\x07\x1b\\" {
			t.Fatalf("clear wrote %q", got)
		}
	})
	// A newer copy of ours means the token is gone already: nothing is
	// cleared, nothing is read (the system clipboard may not be readable
	// at all under OSC 52), and there is no error to report.
	for _, tt := range []struct {
		name   string
		sys    fakeSystem
		getenv func(string) string
	}{
		{"osc52, a newer copy of ours", fakeSystem{failRead: true, unsupported: true}, env()},
		{"osc52 over ssh, a newer copy of ours", fakeSystem{failRead: true}, env("SSH_TTY", "/dev/pts/1")},
		{"system, a newer copy of ours", fakeSystem{}, env()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sys := tt.sys
			c, out := newTest(&sys, tt.getenv)
			c.Write(tok, time.Time{})
			c.Write("something else", time.Time{})
			out.Reset()
			writes := sys.writes
			if err := c.ClearIfUnchanged(tok); err != nil {
				t.Fatalf("ClearIfUnchanged = %v, want nil", err)
			}
			if out.Len() != 0 || sys.writes != writes || sys.reads != 0 {
				t.Fatalf("touched the clipboard: terminal %q, %d writes, %d reads", out.String(), sys.writes-writes, sys.reads)
			}
		})
	}
}

func TestBrowser(t *testing.T) {
	const url = "https://azure-token-generator.example/api/obo?aud=dev-gcp:team:app"
	tests := []struct {
		name    string
		browser string
		fail    map[string]bool
		want    [][]string // commands run
		opened  bool       // the platform opener was used
		wantErr bool
	}{
		{"no $BROWSER", "", nil, nil, true, false},
		{"plain", "firefox", nil, [][]string{{"firefox", url}}, false, false},
		{"with %s", "open -a %s --new", nil, [][]string{{"open", "-a", url, "--new"}}, false, false},
		{"first fails", "nope:w3m", map[string]bool{"nope": true}, [][]string{{"nope", url}, {"w3m", url}}, false, false},
		{"all fail", "nope", map[string]bool{"nope": true}, [][]string{{"nope", url}}, false, true},
		{"only separators", ":", nil, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ran [][]string
			opened := false
			b := NewBrowser(env("BROWSER", tt.browser))
			b.run = func(name string, args ...string) error {
				ran = append(ran, append([]string{name}, args...))
				if tt.fail[name] {
					return errors.New("exit status 1")
				}
				return nil
			}
			b.open = func(u string) error { opened = u == url; return nil }
			err := b.Open(url)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if opened != tt.opened || len(ran) != len(tt.want) {
				t.Fatalf("ran %q, opened %v", ran, opened)
			}
			for i := range ran {
				if len(ran[i]) != len(tt.want[i]) {
					t.Fatalf("ran %q, want %q", ran, tt.want)
				}
				for j := range ran[i] {
					if ran[i][j] != tt.want[i][j] {
						t.Fatalf("ran %q, want %q", ran, tt.want)
					}
				}
			}
		})
	}
}
