package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
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

// texasOn serves Texas's token endpoint on addr, issuing tokens whose azp
// is app, as one app's Texas behind a kubectl port-forward would.
func texasOn(t *testing.T, addr, app string) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/token" || r.FormValue("target") != "api://dev-gcp.team.app/.default" {
			t.Errorf("Texas got %s %s", r.URL, r.Form)
		}
		tokenJSON(w, mintFor(t, map[string]any{"azp": app, "azp_name": "dev-gcp:team:" + app, "exp": time.Now().Add(time.Hour).Unix()}), 3599)
	})}}
	srv.Start()
	return srv
}

// Issue 14: with a port-forward to app A's Texas, then to app B's on the
// same port, B must get B's token, never A's from a cache.
func TestTexasTokensAreNotKeptOnDisk(t *testing.T) {
	a := texasOn(t, "127.0.0.1:0", "app-a")
	addr := a.Listener.Addr().String()
	env := []string{"NAIS_TOKEN_ENDPOINT=http://" + addr + "/api/v1/token", "XDG_CACHE_HOME=" + t.TempDir()}
	azp := func() string {
		t.Helper()
		r := entratoken(t, env, "", "token", "--via", "texas", "dev-gcp:team:app")
		r.want(t, 0)
		return decoded(t, r.stdout).Claim("azp")
	}
	if got := azp(); got != "app-a" {
		t.Fatalf("azp %q from app A's Texas", got)
	}
	a.Close()
	b := texasOn(t, addr, "app-b")
	defer b.Close()
	if got := azp(); got != "app-b" {
		t.Errorf("app B's Texas on the same address gave a token with azp %q", got)
	}
}

// No exp claim and no usable expires_in: the expiry is said to be unknown,
// never invented, and the token is never cached.
func TestTokenOfUnknownExpiry(t *testing.T) {
	for _, expiresIn := range []any{nil, -5, 0, "NaN", 1e15} {
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls++
			tokenJSON(w, mintFor(t, map[string]any{"aud": "x", "idtyp": "app"}), expiresIn)
		}))
		env := []string{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT=" + srv.URL + "/token", "AZURE_APP_CLIENT_ID=cid",
			"AZURE_APP_CLIENT_SECRET=s3cret", "XDG_CACHE_HOME=" + t.TempDir()}
		r := entratoken(t, env, "", "token", "--via", "entra", "--format", "json", "dev-gcp:team:app")
		r.want(t, 0)
		var v map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatal(err)
		}
		if e, ok := v["expires_at"]; !ok || e != nil || v["expires_in"] != nil {
			t.Errorf("expires_in %v: json expires_at %v, expires_in %v; want null", expiresIn, v["expires_at"], v["expires_in"])
		}
		r = entratoken(t, env, "", "token", "--via", "entra", "--format", "env", "dev-gcp:team:app")
		r.want(t, 0)
		if !strings.HasSuffix(r.stdout, "\nexport ACCESS_TOKEN_EXPIRES_AT=''\n") {
			t.Errorf("expires_in %v: env output %q invents a time", expiresIn, r.stdout)
		}
		if calls != 2 {
			t.Errorf("expires_in %v: the service was asked %d times, want 2 (never cached)", expiresIn, calls)
		}
		srv.Close()
	}
}

// SIGTERM and SIGHUP end script mode as they end any process: 128+n.
func TestSignalsExitWith128PlusN(t *testing.T) {
	for sig, want := range map[syscall.Signal]string{syscall.SIGTERM: "entratoken: stopped by SIGTERM\n",
		syscall.SIGHUP: "entratoken: stopped by SIGHUP (the terminal went away)\n", syscall.SIGINT: "entratoken: interrupted\n"} {
		t.Run(sig.String(), func(t *testing.T) {
			code, stdout, stderr := runUntilSignalled(t, sig)
			if code != 128+int(sig) || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", code, stdout, stderr, 128+int(sig), want)
			}
		})
	}
}

// panicky is stdin that panics when read, standing in for a bug.
type panicky struct{}

func (panicky) Read([]byte) (int, error) { panic("a bug") }

// failing is stdout on a full disk.
type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// A panic is a bug, exit 70; a lost output is a failure, exit 1; neither
// is bad usage (exit 2).
func TestPanicAndFailedWriteAreNotBadUsage(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"decode"}, panicky{}, &bytes.Buffer{}, &stderr); code != exitInternal ||
		!strings.HasPrefix(stderr.String(), "entratoken: internal error, please report it: a bug\n") {
		t.Errorf("panic: exit %d, stderr %.300q", code, stderr.String())
	}
	stderr.Reset()
	tok := mintFor(t, map[string]any{"aud": "x"})
	if code := run(context.Background(), []string{"decode", tok}, strings.NewReader(""), failing{}, &stderr); code != exitFailed ||
		stderr.String() != "entratoken: cannot write the output: no space left on device\n" {
		t.Errorf("failed write: exit %d, stderr %q", code, stderr.String())
	}
}

// Issue 14: on Windows's cmd.exe and PowerShell there is neither $HOME nor
// $XDG_CACHE_HOME; no command may fail for want of a cache folder.
func TestTokenWithoutAnyHomeFolder(t *testing.T) {
	endpoint, _ := texasFake(t, http.StatusOK, `{"access_token":"`+mintFor(t, map[string]any{"aud": "x", "exp": time.Now().Add(time.Hour).Unix()})+`","expires_in":3599}`)
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	cmd := exec.Command(binary, "--config", cfg, "token", "--via", "texas", "dev-gcp:team:app")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), endpoint} // no HOME, no XDG_*
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("exit: %v\n%s", err, stderr.String())
	}
	decoded(t, string(out))

	// --sandbox brings its own throwaway config: it needs no folder either.
	cmd = exec.Command(binary, "--sandbox", "token", "dev-gcp:team:app")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + t.TempDir()}
	stderr.Reset()
	cmd.Stderr = &stderr
	if out, err = cmd.Output(); err != nil {
		t.Fatalf("--sandbox without a home folder: %v\n%s", err, stderr.String())
	}
	decoded(t, string(out))
}
