package config

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

// childEnv tells a re-executed test binary to act as a second entratoken:
// "path|prefix|count" adds count targets named <prefix>-<i>.
const childEnv = "ENTRATOKEN_CONFIG_TEST_CHILD"

// TestHelperChild is not a test: it is the body of the child processes of
// TestConcurrentProcesses, and does nothing when run normally.
func TestHelperChild(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		return
	}
	parts := strings.Split(spec, "|")
	n, _ := strconv.Atoi(parts[2])
	if err := addMany(Store{Path: parts[0]}, parts[1], n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func addMany(s Store, prefix string, n int) error {
	for i := range n {
		t := flows.Target{Cluster: "dev-gcp", Namespace: prefix, App: fmt.Sprintf("app-%d", i)}
		if err := s.AddTarget(SavedTarget{Target: t, Note: prefix}); err != nil {
			return err
		}
	}
	return nil
}

// checkAll asserts that the file loads, kept its comment, and holds
// exactly count targets in each namespace of prefixes.
func checkAll(t *testing.T, p string, prefixes []string, count int) {
	t.Helper()
	c, err := Load(p)
	if err != nil {
		t.Fatalf("file does not load after concurrent saves: %v", err)
	}
	got := map[string]int{}
	for _, st := range c.Targets {
		got[st.Target.Namespace]++
	}
	for _, pre := range prefixes {
		if got[pre] != count {
			t.Errorf("%s: %d targets saved, want %d", pre, got[pre], count)
		}
	}
	if len(c.Targets) != len(prefixes)*count {
		t.Errorf("%d targets in the file, want %d", len(c.Targets), len(prefixes)*count)
	}
	if !strings.HasPrefix(readText(t, p), "# mine\n") {
		t.Error("the user's comment was lost")
	}
}

// Two separate entratoken processes saving at once both keep their targets.
func TestConcurrentProcesses(t *testing.T) {
	p := writeConfig(t, "# mine\ntimeout: 5s\n")
	prefixes := []string{"one", "two"}
	var cmds []*exec.Cmd
	for _, pre := range prefixes {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|%s|%d", childEnv, p, pre, 20))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child failed: %v", err)
		}
	}
	checkAll(t, p, prefixes, 20)
}

// The same holds for goroutines of one process (each save locks anew).
func TestConcurrentGoroutines(t *testing.T) {
	p := writeConfig(t, "# mine\ntimeout: 5s\n")
	prefixes := []string{"a", "b", "c", "d"}
	var wg sync.WaitGroup
	errs := make([]error, len(prefixes))
	for i, pre := range prefixes {
		wg.Go(func() { errs[i] = addMany(Store{Path: p}, pre, 10) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkAll(t, p, prefixes, 10)
}
