package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

func target(s string) flows.Target {
	t, err := flows.ParseTarget(s)
	if err != nil {
		panic(err)
	}
	return t
}

func readText(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Each change edits just its entry: the user's comments, quoting and
// settings stay (yaml.v3 does drop blank lines inside the tree).
func TestStoreKeepsComments(t *testing.T) {
	p := writeConfig(t, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets:
  # the one I use most
  - target: dev-gcp:team:app # main
    flow: m2m # always m2m
    note: the dokument API

  # legacy
  - target: dev-gcp.team.old
    source: texas
    note: 'quoted note' # keep quoting
# the end
`)
	s := Store{Path: p}
	steps := []struct {
		name string
		do   func() error
		want string
	}{
		{"add", func() error {
			return s.AddTarget(SavedTarget{Target: target("dev-gcp:team:new"), Flow: flows.OBO, Source: flows.ViaGenerator, Note: "true"})
		}, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets:
  # the one I use most
  - target: dev-gcp:team:app # main
    flow: m2m # always m2m
    note: the dokument API
  # legacy
  - target: dev-gcp.team.old
    source: texas
    note: 'quoted note' # keep quoting
  - target: dev-gcp:team:new
    flow: obo
    note: "true"
# the end
`},
		{"update renames in place", func() error {
			return s.UpdateTarget(target("dev-gcp:team:old"), SavedTarget{Target: target("dev-gcp:team:renamed"), Flow: flows.M2M, Source: flows.ViaGenerator, Note: "still quoted"})
		}, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets:
  # the one I use most
  - target: dev-gcp:team:app # main
    flow: m2m # always m2m
    note: the dokument API
  # legacy
  - target: dev-gcp:team:renamed
    flow: m2m
    note: 'still quoted' # keep quoting
  - target: dev-gcp:team:new
    flow: obo
    note: "true"
# the end
`},
		{"update drops defaults, adds keys in order", func() error {
			return s.UpdateTarget(target("dev-gcp:team:app"), SavedTarget{Target: target("dev-gcp:team:app"), Source: flows.ViaEntra, Note: "now via entra"})
		}, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets:
  # the one I use most
  - target: dev-gcp:team:app # main
    source: entra
    note: now via entra
  # legacy
  - target: dev-gcp:team:renamed
    flow: m2m
    note: 'still quoted' # keep quoting
  - target: dev-gcp:team:new
    flow: obo
    note: "true"
# the end
`},
		{"remove", func() error { return s.RemoveTarget(target("api://dev-gcp.team.app/.default")) }, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets:
  # legacy
  - target: dev-gcp:team:renamed
    flow: m2m
    note: 'still quoted' # keep quoting
  - target: dev-gcp:team:new
    flow: obo
    note: "true"
# the end
`},
		{"remove the rest", func() error {
			return errors.Join(s.RemoveTarget(target("dev-gcp:team:renamed")), s.RemoveTarget(target("dev-gcp:team:new")))
		}, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets: []
# the end
`},
		{"add to an empty list", func() error { return s.AddTarget(SavedTarget{Target: target("dev-gcp:team:app")}) }, `# entratoken config
# (my notes)

timeout: 20s # slow VPN
targets:
  - target: dev-gcp:team:app
# the end
`},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := readText(t, p); got != st.want {
			t.Fatalf("%s: file is\n%s\nwant\n%s", st.name, got, st.want)
		}
		if _, err := Load(p); err != nil {
			t.Fatalf("%s: saved file does not load: %v", st.name, err)
		}
	}
}

// A new file gets the header, a 0700 directory and 0600 permissions.
func TestStoreCreatesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "entratoken")
	p := filepath.Join(dir, "config.yaml")
	if err := (Store{Path: p}).AddTarget(SavedTarget{Target: target("dev-gcp:team:app"), Flow: flows.M2M, Source: flows.ViaTexas}); err != nil {
		t.Fatal(err)
	}
	want := header + "targets:\n  - target: dev-gcp:team:app\n    flow: m2m\n    source: texas\n"
	if got := readText(t, p); got != want {
		t.Errorf("new file:\n%s\nwant\n%s", got, want)
	}
	for path, mode := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, p: 0o600, p + ".lock": 0o600} {
		if st, err := os.Stat(path); err != nil || st.Mode() != mode {
			t.Errorf("%s: mode %v (err %v), want %v", path, st.Mode(), err, mode)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("directory holds %d entries, want config.yaml and its lock (no temp files)", len(entries))
	}
}

// Saving replaces a world-readable file with a 0600 one, atomically.
func TestStoreWritesPrivately(t *testing.T) {
	p := writeConfig(t, "timeout: 5s\n")
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (Store{Path: p}).AddTarget(SavedTarget{Target: target("a:b:c")}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode() != 0o600 {
		t.Errorf("mode after save = %v, want 0600", st.Mode())
	}
}

// Adding to a file without a real list yet keeps what the user wrote.
func TestStoreAddToSparseFiles(t *testing.T) {
	for name, tt := range map[string]struct{ in, want string }{
		"comments only": {"# my own header\n\n# more\n\n", "# my own header\n\n# more\ntargets:\n  - target: a:b:c\n"},
		"null list":     {"targets: # none yet\ntimeout: 5s\n", "targets: # none yet\n  - target: a:b:c\ntimeout: 5s\n"},
		"flow list":     {"targets: [{target: x.y.z}]\n", "targets:\n  - {target: x.y.z}\n  - target: a:b:c\n"},
		// yaml.v3 would write the valueless flow key as flow: '', which
		// does not load (found by FuzzSave).
		"flow key without value": {"targets: [{target: x.y.z, flow}]\n", "targets:\n  - {target: x.y.z, flow: null}\n  - target: a:b:c\n"},
		"no list":                {"timeout: 5s # fast\n", "timeout: 5s # fast\ntargets:\n  - target: a:b:c\n"},
	} {
		t.Run(name, func(t *testing.T) {
			p := writeConfig(t, tt.in)
			if err := (Store{Path: p}).AddTarget(SavedTarget{Target: target("a:b:c")}); err != nil {
				t.Fatal(err)
			}
			if got := readText(t, p); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// A symlinked config file (a dotfile manager's) stays a symlink.
func TestStoreFollowsSymlink(t *testing.T) {
	real := writeConfig(t, "timeout: 5s\n")
	link := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := (Store{Path: link}).AddTarget(SavedTarget{Target: target("a:b:c")}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link replaced by a file (mode %v, err %v)", st.Mode(), err)
	}
	if got := readText(t, real); got != "timeout: 5s\ntargets:\n  - target: a:b:c\n" {
		t.Errorf("target file = %q", got)
	}
}
