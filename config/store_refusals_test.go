package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestStoreRefusals(t *testing.T) {
	const text = "targets:\n  - target: dev-gcp:team:a\n  - target: dev-gcp:team:b # b\n"
	tests := []struct {
		name   string
		do     func(s Store) error
		is     error
		substr string
	}{
		{"add existing", func(s Store) error {
			return s.AddTarget(SavedTarget{Target: target("api://dev-gcp.team.b/.default")})
		}, ErrTargetExists, "target dev-gcp:team:b is already saved in @ (line 3); edit that entry instead"},
		{"rename onto another", func(s Store) error {
			return s.UpdateTarget(target("dev-gcp:team:a"), SavedTarget{Target: target("dev-gcp:team:b")})
		}, ErrTargetExists, "target dev-gcp:team:b is already saved in @ (line 3); edit or remove that entry instead"},
		{"update missing", func(s Store) error {
			return s.UpdateTarget(target("dev-gcp:team:zz"), SavedTarget{Target: target("dev-gcp:team:zz")})
		}, ErrTargetNotFound, "target dev-gcp:team:zz is not saved in @; nothing to update"},
		{"remove missing", func(s Store) error { return s.RemoveTarget(target("dev-gcp:team:zz")) },
			ErrTargetNotFound, "target dev-gcp:team:zz is not saved in @; nothing to remove"},
		{"invalid target", func(s Store) error {
			return s.AddTarget(SavedTarget{Target: flows.Target{Cluster: "Dev", Namespace: "x", App: "y"}})
		}, nil, `not saved: target "Dev:x:y": cluster "Dev" must be lowercase`},
		{"invalid flow", func(s Store) error { return s.AddTarget(SavedTarget{Target: target("a:b:c"), Flow: "OBO"}) },
			nil, `not saved: flow "OBO" is not obo or m2m`},
		{"invalid source", func(s Store) error { return s.AddTarget(SavedTarget{Target: target("a:b:c"), Source: "azure"}) },
			nil, `not saved: source "azure" is not generator, texas or entra`},
		{"secret note", func(s Store) error { return s.AddTarget(SavedTarget{Target: target("a:b:c"), Note: "token " + jwt}) },
			nil, "not saved: the note looks like a token (JWT); " + secretAdvice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, text)
			err := tt.do(Store{Path: p})
			if err == nil || !strings.Contains(err.Error(), strings.ReplaceAll(tt.substr, "@", p)) {
				t.Fatalf("got %v, want %q", err, tt.substr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v) = false", tt.is)
			}
			if strings.Contains(err.Error(), jwt[:12]) {
				t.Errorf("error echoes a secret: %v", err)
			}
			if got := readText(t, p); got != text {
				t.Errorf("file changed by a refused save:\n%s", got)
			}
		})
	}
}

// A broken file is never overwritten: the save names the line and leaves
// every byte as it was.
func TestStoreRefusesCorruptFile(t *testing.T) {
	for name, text := range map[string]string{
		"syntax":  "targets:\n  - target: a:b:c\n   flow: m2m\n",
		"invalid": "timeout: 5s\ntargets:\n  - target: a:b:c\n    flow: sometimes\n",
		"secret":  "entra:\n  client_secret: do-not-touch\n",
	} {
		t.Run(name, func(t *testing.T) {
			p := writeConfig(t, text)
			s := Store{Path: p}
			for _, err := range []error{
				s.AddTarget(SavedTarget{Target: target("x:y:z")}),
				s.UpdateTarget(target("a:b:c"), SavedTarget{Target: target("a:b:c")}),
				s.RemoveTarget(target("a:b:c")),
			} {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Problems[0].Line == 0 || !strings.Contains(err.Error(), "not saved: fix the config file first:\n"+p+":") {
					t.Errorf("got %v, want a line-numbered *FileError", err)
				}
			}
			if got := readText(t, p); got != text {
				t.Errorf("corrupt file changed:\n%s", got)
			}
		})
	}
}

// Another process holding the lock makes a save fail after the timeout,
// with a clear message, and the file unchanged.
func TestStoreLockTimeout(t *testing.T) {
	p := writeConfig(t, "timeout: 5s\n")
	unlock, err := lock(p, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	start := time.Now()
	err = Store{Path: p, LockTimeout: 100 * time.Millisecond}.AddTarget(SavedTarget{Target: target("a:b:c")})
	want := "not saved: another entratoken kept " + p + ".lock locked for 100ms while saving; try again"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up after %v, want about 100ms", d)
	}
	if got := readText(t, p); got != "timeout: 5s\n" {
		t.Errorf("file changed: %q", got)
	}
}
