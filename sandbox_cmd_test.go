//go:build unix

package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// eval "$(entratoken sandbox --env)" sets the shell up and returns, while
// the sandbox goes on serving in the background until killed.
func TestSandboxEnvIsForEval(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + filepath.Dir(binary) + ":" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}
	cmd := exec.Command(binary, "sandbox", "--env")
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("sandbox --env: %v\n%s", err, stderr.String())
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Fatalf("sandbox --env took %v to return", took)
	}
	pid := regexp.MustCompile(`(?m)^export ENTRATOKEN_SANDBOX_PID=(\d+)$`).FindStringSubmatch(stdout.String())
	if pid == nil {
		t.Fatalf("no ENTRATOKEN_SANDBOX_PID in:\n%s", stdout.String())
	}
	n, _ := strconv.Atoi(pid[1])
	t.Cleanup(func() { syscall.Kill(n, syscall.SIGTERM) })
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if !strings.HasPrefix(line, "export ") {
			t.Fatalf("a line eval would not take: %q", line)
		}
	}
	if !strings.Contains(stderr.String(), "kill $ENTRATOKEN_SANDBOX_PID") {
		t.Errorf("stderr does not say how to stop it: %q", stderr.String())
	}
	sh := exec.Command("sh", "-c", `eval "$ENV_BLOCK"; entratoken token --via texas dev-gcp:team:app`)
	sh.Env = append(env, "ENV_BLOCK="+stdout.String())
	out, err := sh.CombinedOutput()
	if err != nil {
		t.Fatalf("a token from the background sandbox: %v\n%s", err, out)
	}
	decoded(t, strings.TrimSpace(string(out)))
}

// The foreground table lines its values up in one column.
func TestSandboxTableIsAligned(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(binary, "sandbox")
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(pipe)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cols []int
	for sc.Scan() {
		line := sc.Text()
		if line == "" && len(cols) > 0 {
			break
		}
		if m := regexp.MustCompile(`^  (azure-token-generator|[A-Z_]+)( +)\S`).FindStringSubmatchIndex(line); m != nil {
			cols = append(cols, m[5])
		}
	}
	if len(cols) < 10 {
		t.Fatalf("found %d table rows", len(cols))
	}
	for _, c := range cols {
		if c != cols[0] {
			t.Fatalf("values start at columns %v", cols)
		}
	}
}
