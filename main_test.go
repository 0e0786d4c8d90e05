package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestInterruptExits130(t *testing.T) {
	code, stdout, stderr := runUntilSignalled(t, os.Interrupt.(syscall.Signal))
	if code != 130 {
		t.Errorf("exit status %d, want 130", code)
	}
	if stderr != "entratoken: interrupted\n" || stdout != "" {
		t.Errorf("stdout %q, stderr %q; want only \"entratoken: interrupted\"", stdout, stderr)
	}
}

// runUntilSignalled asks a Texas that never answers for a token, sends sig
// once the request has arrived, and returns how entratoken ended.
func runUntilSignalled(t *testing.T, sig syscall.Signal) (code int, stdout, stderr string) {
	t.Helper()
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the body first lets net/http notice the client leaving.
		_, _ = io.Copy(io.Discard, r.Body)
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	home := t.TempDir()
	cmd := exec.Command(binary, "token", "--via", "texas", "dev-gcp:team:app")
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"), "NAIS_TOKEN_ENDPOINT=" + srv.URL + "/api/v1/token"}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the request never reached Texas")
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

func TestServiceErrorsAreMadePrintable(t *testing.T) {
	endpoint, _ := texasFake(t, http.StatusBadRequest,
		`{"error":"invalid_scope\u001b[2J","error_description":"AADSTS500011: Eve\u001b]2;HACKED\u0007 was \u009bnot found"}`)
	r := entratoken(t, []string{endpoint}, "", "token", "--via", "texas", "dev-gcp:team:app")
	r.want(t, 1)
	if hasControls(r.stderr) {
		t.Errorf("stderr holds control characters:\n%q", r.stderr)
	}
	if !strings.Contains(r.stderr, "invalid_scope�[2J") || !strings.Contains(r.stderr, "Eve�]2;HACKED� was �not found") {
		t.Errorf("the readable rest of the error should stay:\n%s", r.stderr)
	}
}

func TestEmptySessionCookieIsBadInput(t *testing.T) {
	_, env := standalone(t)
	r := entratoken(t, append(env, "ENTRATOKEN_SESSION=io.nais.wonderwall.session="), "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 2)
	if !strings.Contains(r.stderr, "ENTRATOKEN_SESSION") || strings.Contains(r.stderr, "rejected") {
		t.Errorf("an empty cookie should be called bad input, not a rejected session:\n%s", r.stderr)
	}
}

func TestMistypedScopeSuffix(t *testing.T) {
	r := entratoken(t, nil, "", "token", "api://dev-gcp.team.app/.defaul")
	r.want(t, 2)
	if !strings.Contains(r.stderr, "scope must end in /.default") {
		t.Errorf("stderr %q should say the scope must end in /.default", r.stderr)
	}
}
