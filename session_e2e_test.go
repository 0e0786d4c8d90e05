package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows/sandbox"
)

// The built binary on the standalone sandbox, with no ENTRATOKEN_SESSION:
// login from stdin, status, token --obo in new processes, logout.
func TestWorkdaySessionOnTheSandbox(t *testing.T) {
	sb, env := standalone(t)
	env = append(env, "XDG_STATE_HOME="+filepath.Join(t.TempDir(), "state")) // one machine for every run

	r := entratoken(t, env, sb.DemoSession()+"\n", "login")
	r.want(t, 0)
	if !strings.Contains(r.stderr, "Logged in to "+sb.GeneratorURL()) || !strings.Contains(r.stderr, "(in 9 h 59 min)") {
		t.Errorf("login:\n%s", r.stderr)
	}
	r = entratoken(t, env, "", "status")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "✓ Signed in") || !strings.Contains(r.stdout, "- Session ends ") {
		t.Errorf("status:\n%s", r.stdout)
	}
	r = entratoken(t, env, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 0)
	if tok := decoded(t, r.stdout); tok.IsApp() || tok.Claim("NAVident") == "" {
		t.Errorf("want a user token, got %v", tok.Claims)
	}
	entratoken(t, env, "", "logout").want(t, 0)
	entratoken(t, env, "", "status").want(t, 1)
	r = entratoken(t, env, "", "token", "--obo", "--fresh", "dev-gcp:team:app")
	r.want(t, 1)
	if !strings.Contains(r.stderr, sb.GeneratorURL()+"/api/obo?aud=dev-gcp:team:app") {
		t.Errorf("token --obo after logout should give the login URL:\n%s", r.stderr)
	}
}

// A kept session that runs out is forgotten at its end, without asking.
func TestKeptSessionRunsOutOnTheSandbox(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{SessionLifetime: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	env := []string{"ENTRATOKEN_GENERATOR_URL=" + sb.GeneratorURL(), "XDG_STATE_HOME=" + filepath.Join(t.TempDir(), "state")}
	entratoken(t, env, sb.DemoSession(), "login").want(t, 0)
	entratoken(t, env, "", "token", "--obo", "dev-gcp:team:app").want(t, 0)
	time.Sleep(2500 * time.Millisecond)
	r := entratoken(t, env, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "the kept session ended at") || !strings.Contains(r.stderr, "so it is forgotten") {
		t.Errorf("an ended session should be said and forgotten:\n%s", r.stderr)
	}
	r = entratoken(t, env, sb.DemoSession(), "login")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "does not accept this session") {
		t.Errorf("login with an ended session:\n%s", r.stderr)
	}
}
