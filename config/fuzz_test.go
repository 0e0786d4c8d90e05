package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

// Any bytes as a config file load or fail with a message naming the file;
// never a panic or a hang.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{fullConfig, "", "# c\n", "targets:\n  - target: a:b:c\n", "a: [\n", "x: &a [*a]\n",
		"timeout: 15\n", "- 1\n", "\xff", "targets: [{target: a.b.c, flow: obo}]\n", "entra:\n  client_secret: x\n"} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(p)
		switch {
		case err != nil && !strings.HasPrefix(err.Error(), p):
			t.Errorf("error does not start with the path: %v", err)
		case err == nil && (c == nil || c.Path != p || c.Timeout <= 0):
			t.Errorf("loaded an unusable config: %+v", c)
		}
	})
}

// Any file that loads takes a new target and still loads afterwards, with
// every target it had plus the new one.
func FuzzSave(f *testing.F) {
	for _, seed := range []string{fullConfig, "", "# c\n", "targets: []\n", "targets:\n# c\n  - target: a:b:c # x\n# foot\n",
		"targets: [{target: a.b.c, flow: obo}] # c\n", "timeout: 5s\n\n# end\n"} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	add := SavedTarget{Target: flows.Target{Cluster: "fuzz", Namespace: "fuzz", App: "new"}, Flow: flows.M2M, Note: "n"}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before, err := Load(p)
		if err != nil || slices.ContainsFunc(before.Targets, func(s SavedTarget) bool { return s.Target == add.Target }) {
			return
		}
		if err := (Store{Path: p}).AddTarget(add); err != nil {
			t.Fatalf("AddTarget on a valid file: %v", err)
		}
		after, err := Load(p)
		if err != nil {
			t.Fatalf("saved file does not load: %v", err)
		}
		want := append(slices.Clone(before.Targets), SavedTarget{Target: add.Target, Flow: add.Flow, Source: flows.ViaGenerator, Note: add.Note})
		if !reflect.DeepEqual(after.Targets, want) {
			t.Fatalf("targets after add:\n%+v\nwant\n%+v", after.Targets, want)
		}
	})
}
