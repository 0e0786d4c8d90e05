package flows_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// cacheWriterEnv tells a re-executed test binary to act as a cache writer:
// "<dir>|<name>".
const cacheWriterEnv = "ENTRATOKEN_TEST_CACHE_WRITER"

const writesPerProcess = 20

// TestCacheWriterProcess is the child side of TestCacheConcurrentProcesses.
func TestCacheWriterProcess(t *testing.T) {
	spec := os.Getenv(cacheWriterEnv)
	if spec == "" {
		t.Skip("only runs as a child of TestCacheConcurrentProcesses")
	}
	dir, name, _ := strings.Cut(spec, "|")
	c := &flows.Cache{Dir: dir}
	exp := time.Now().Add(time.Hour)
	for i := range writesPerProcess {
		key := fmt.Sprintf("%s-%d", name, i)
		putToken(t, c, key, mintExpiring(t, key, exp))
	}
}

func TestCacheConcurrentProcesses(t *testing.T) {
	dir := t.TempDir()
	names := []string{"p1", "p2"}
	var cmds []*exec.Cmd
	for _, name := range names {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCacheWriterProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), cacheWriterEnv+"="+dir+"|"+name)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("writer process: %v", err)
		}
	}
	c := &flows.Cache{Dir: dir}
	for _, name := range names {
		for i := range writesPerProcess {
			key := fmt.Sprintf("%s-%d", name, i)
			if tok, ok := c.Get(key, time.Now(), 0); !ok || tok.Claim("marker") != key {
				t.Errorf("key %s lost", key)
			}
		}
	}
}
