package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTokenIsCachedUntilFresh(t *testing.T) {
	_, env := standalone(t)
	cache := t.TempDir()
	env = append(env, "XDG_CACHE_HOME="+cache)
	cached := func(args ...string) bool {
		t.Helper()
		r := entratoken(t, env, "", append([]string{"token", "--format", "json"}, args...)...)
		r.want(t, 0)
		var v struct{ Cached bool }
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatal(err)
		}
		return v.Cached
	}
	if cached("dev-gcp:team:app") {
		t.Fatal("first token should be new")
	}
	if !cached("dev-gcp:team:app") {
		t.Fatal("second token should come from the cache")
	}
	if cached("--fresh", "dev-gcp:team:app") {
		t.Fatal("--fresh should skip the cache")
	}
	info, err := os.Stat(filepath.Join(cache, "entratoken", "tokens.json"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %v, want 0600", info.Mode().Perm())
	}
}

func TestTokenViaTexasAndEntra(t *testing.T) {
	sb, env := standalone(t)
	for _, tc := range []struct {
		name  string
		env   []string
		args  []string
		check func(t *testing.T, tokenClaim func(string) string)
	}{
		{"texas m2m", env, []string{"--via", "texas"}, func(t *testing.T, c func(string) string) {
			if c("azp_name") != "dev-gcp:sandbox:my-app" || c("idtyp") != "app" {
				t.Errorf("azp_name=%q idtyp=%q", c("azp_name"), c("idtyp"))
			}
		}},
		{"entra secret without a key", append(env[:len(env):len(env)], "AZURE_APP_JWK="), []string{"--via", "entra"}, func(t *testing.T, c func(string) string) {
			if c("azpacr") != "1" {
				t.Errorf("azpacr=%q, want 1 (secret)", c("azpacr"))
			}
		}},
		{"entra private key wins over the secret", env, []string{"--via", "entra"}, func(t *testing.T, c func(string) string) {
			if c("azpacr") != "2" {
				t.Errorf("azpacr=%q, want 2 (private key, as NAIS uses)", c("azpacr"))
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := entratoken(t, tc.env, "", append(append([]string{"token"}, tc.args...), "dev-gcp:team:app")...)
			r.want(t, 0)
			tc.check(t, decoded(t, r.stdout).Claim)
		})
	}
	user := sandboxUserToken(t, sb, env)
	for _, via := range []string{"texas", "entra"} {
		r := entratoken(t, env, "Bearer "+user+"\n", "token", "--obo", "--via", via, "--user-token", "-", "dev-gcp:team:app")
		r.want(t, 0)
		if tok := decoded(t, r.stdout); tok.IsApp() || tok.Claim("NAVident") == "" {
			t.Errorf("%s exchange: want a user token, got %v", via, tok.Claims)
		}
	}
}

func TestTokenTimesOutOnASlowService(t *testing.T) {
	_, env := standalone(t)
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(cfg, []byte("timeout: 1s\n"), 0o600)
	start := time.Now()
	r := entratoken(t, env, "", "--config", cfg, "token", "dev-gcp:sandbox:slow")
	r.want(t, 1)
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("a 1 s timeout took %v", took)
	}
	if !strings.Contains(r.stderr, "azure-token-generator") {
		t.Errorf("the error should name the service:\n%s", r.stderr)
	}
}

func TestDecode(t *testing.T) {
	tok := entratoken(t, nil, "", "--sandbox", "token", "--obo", "dev-gcp:pdl:pdl-api")
	tok.want(t, 0)

	r := entratoken(t, nil, tok.stdout, "decode")
	r.want(t, 0)
	for _, want := range []string{"user token (OBO): Z990123 Demo Developer", "NAVident", "the employee's NAV ident", "alg RS256"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("decode output lacks %q:\n%s", want, r.stdout)
		}
	}
	// The sandbox draws lifetimes as Entra does: 60 to 90 minutes from
	// now, counted from an iat five minutes back.
	m := regexp.MustCompile(`expires in (\d+) min, lifetime `).FindStringSubmatch(r.stdout)
	if n, _ := strconv.Atoi(append(m, "", "")[1]); n < 59 || n > 90 {
		t.Errorf("decode output lacks an Entra-like expiry, 60 to 90 min:\n%s", r.stdout)
	}

	r = entratoken(t, nil, "", "decode", "--json", "Authorization: Bearer "+strings.TrimSpace(tok.stdout))
	r.want(t, 0)
	var v struct {
		Claims map[string]any
		App    bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.App || v.Claims["NAVident"] != "Z990123" {
		t.Errorf("decode --json: %v %+v", err, v)
	}

	r = entratoken(t, nil, "not.a.token", "decode", "-")
	r.want(t, 2)
	if !strings.Contains(r.stderr, "not a JWT") {
		t.Errorf("want a clear message, got %q", r.stderr)
	}
}

func TestTargetsAddListRemove(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(cfg, []byte("# my targets\ntimeout: 10s\n"), 0o600)
	run := func(args ...string) result {
		return entratoken(t, nil, "", append([]string{"--config", cfg}, args...)...)
	}

	run("targets", "add", "dev-gcp.team.app", "--flow", "obo", "--note", "the API").want(t, 0)
	run("targets", "add", "dev-gcp:team:app").want(t, 2)
	run("targets", "add", "dev-gcp:team:other", "--flow", "sideways").want(t, 2)
	r := run("targets")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "dev-gcp:team:app") || !strings.Contains(r.stdout, "obo") || !strings.Contains(r.stdout, "the API") {
		t.Errorf("list: %s", r.stdout)
	}
	if b, _ := os.ReadFile(cfg); !strings.Contains(string(b), "# my targets") {
		t.Errorf("the user's comment was lost:\n%s", b)
	}
	run("targets", "rm", "dev-gcp:team:app").want(t, 0)
	run("targets", "rm", "dev-gcp:team:app").want(t, 2)
}

func TestVersionAndCompletion(t *testing.T) {
	r := entratoken(t, nil, "", "--version")
	r.want(t, 0)
	if !strings.HasPrefix(r.stdout, "entratoken version ") {
		t.Errorf("--version: %q", r.stdout)
	}
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	run := func(args ...string) result {
		return entratoken(t, nil, "", append([]string{"--config", cfg}, args...)...)
	}
	run("targets", "add", "dev-gcp:team:app", "--note", "mine").want(t, 0)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := run("completion", shell)
		r.want(t, 0)
		if !strings.Contains(r.stdout, "entratoken") {
			t.Errorf("%s completion script looks wrong", shell)
		}
	}
	r = run("__complete", "token", "")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "dev-gcp:team:app\tmine") {
		t.Errorf("completion should offer saved targets, got %q", r.stdout)
	}
}

func TestDecodeIntrospectAsksTexas(t *testing.T) {
	sb, env := standalone(t)
	user := sandboxUserToken(t, sb, env)
	r := entratoken(t, env, user, "decode", "--introspect")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Texas introspection:") || !strings.Contains(r.stdout, `"active": true`) {
		t.Errorf("want Texas's verdict after the claims:\n%s", r.stdout)
	}
	r = entratoken(t, nil, user, "decode", "--introspect")
	r.want(t, 2)
	if !strings.Contains(r.stderr, "NAIS_TOKEN_INTROSPECTION_ENDPOINT") {
		t.Errorf("without Texas the error should name the variable: %q", r.stderr)
	}
}

func TestSandboxLeavesTheUsersFilesAlone(t *testing.T) {
	home := t.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}
	entratoken(t, env, "", "--sandbox", "token", "dev-gcp:team:app").want(t, 0)
	entratoken(t, env, "", "--sandbox", "targets", "add", "dev-gcp:team:other").want(t, 0)
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("--sandbox wrote into the user's config or cache dirs: %v", entries)
	}
}
