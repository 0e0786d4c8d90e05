package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/sandbox"
)

// binary is the entratoken built once for every test that runs it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "entratoken-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "entratoken")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// runLimit ends a run that hangs, so a test fails instead of waiting for
// ever (a FIFO read as a file blocked like that).
const runLimit = 20 * time.Second

// entratoken runs the built binary with a clean environment: its own
// config and cache dirs, nothing from the developer's shell.
func entratoken(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append([]string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		// A session given for one run is kept: never in the developer's keyring.
		"ENTRATOKEN_SESSION_STORE=file", "XDG_STATE_HOME=" + filepath.Join(home, "state"),
	}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running entratoken: %v", err)
	}
	return result{out.String(), errb.String(), code}
}

func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
}

func decoded(t *testing.T, raw string) *flows.Token {
	t.Helper()
	tok, err := flows.Decode(raw)
	if err != nil {
		t.Fatalf("stdout is not a token: %v\n%q", err, raw)
	}
	return tok
}

func TestTokenM2MOnSandboxPrintsOnlyTheToken(t *testing.T) {
	r := entratoken(t, nil, "", "--sandbox", "token", "dev-gcp:team:app")
	r.want(t, 0)
	if r.stderr != "" {
		t.Errorf("stderr should be empty when not a terminal, got %q", r.stderr)
	}
	if !strings.HasSuffix(r.stdout, "\n") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("stdout should be one line, got %q", r.stdout)
	}
	tok := decoded(t, r.stdout)
	if !tok.IsApp() || tok.Claim("roles") != "access_as_application" {
		t.Errorf("want an app token with access_as_application, got idtyp=%q roles=%q", tok.Claim("idtyp"), tok.Claim("roles"))
	}
	if got := tok.Claim("azp_name"); got != "dev-gcp:nais:azure-token-generator" {
		t.Errorf("azp_name = %q, want the generator", got)
	}
}

func TestTokenFormats(t *testing.T) {
	for _, tc := range []struct {
		format string
		check  func(t *testing.T, out string)
	}{
		{"header", func(t *testing.T, out string) {
			decoded(t, strings.TrimSpace(strings.TrimPrefix(out, "Authorization: Bearer ")))
		}},
		{"curl", func(t *testing.T, out string) {
			v, ok := strings.CutPrefix(strings.TrimSpace(out), `header = "Authorization: Bearer `)
			if !ok || !strings.HasSuffix(v, `"`) {
				t.Fatalf("not a curl config line: %q", out)
			}
			decoded(t, strings.TrimSuffix(v, `"`))
		}},
		{"env", func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[1], "export ACCESS_TOKEN_EXPIRES_AT='") {
				t.Fatalf("unexpected env output %q", out)
			}
			v := strings.TrimSuffix(strings.TrimPrefix(lines[0], "export ACCESS_TOKEN='"), "'")
			decoded(t, v)
		}},
		{"json", func(t *testing.T, out string) {
			var v struct {
				AccessToken string `json:"access_token"`
				Target      string `json:"target"`
				Flow        string `json:"flow"`
				Via         string `json:"via"`
				ExpiresIn   int64  `json:"expires_in"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			decoded(t, v.AccessToken)
			if v.Target != "dev-gcp:team:app" || v.Flow != "m2m" || v.Via != "generator" || v.ExpiresIn < 3000 {
				t.Errorf("unexpected json %+v", v)
			}
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			r := entratoken(t, nil, "", "--sandbox", "token", "--format", tc.format, "api://dev-gcp.team.app/.default")
			r.want(t, 0)
			tc.check(t, r.stdout)
		})
	}
}

func TestTokenOBOOnSandboxUsesTheDemoSession(t *testing.T) {
	r := entratoken(t, nil, "", "--sandbox", "token", "--obo", "dev-gcp:pdl:pdl-api")
	r.want(t, 0)
	tok := decoded(t, r.stdout)
	if tok.IsApp() || tok.Claim("NAVident") == "" || tok.Claim("scp") == "" {
		t.Errorf("want a user token with NAVident and scp, got %v", tok.Claims)
	}
}

func TestTokenFailureExplainsAndKeepsSecretsOut(t *testing.T) {
	r := entratoken(t, nil, "", "--sandbox", "token", "dev-gcp:sandbox:no-access")
	r.want(t, 1)
	if r.stdout != "" {
		t.Errorf("stdout must stay empty on failure, got %q", r.stdout)
	}
	for _, want := range []string{"AADSTS501051", "accessPolicy", "application: azure-token-generator", "login.microsoftonline.com/error?code=501051"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "eyJ") {
		t.Errorf("stderr holds something token-like:\n%s", r.stderr)
	}
}

func TestTokenBadUsageExitsTwo(t *testing.T) {
	for name, args := range map[string][]string{
		"bad part":       {"token", "dev-gcp:Team:app"},
		"two parts":      {"token", "dev-gcp:team"},
		"no target":      {"token"},
		"bad format":     {"token", "--format", "xml", "dev-gcp:team:app"},
		"bad via":        {"token", "--via", "carrier-pigeon", "dev-gcp:team:app"},
		"both flows":     {"token", "--obo", "--m2m", "dev-gcp:team:app"},
		"unknown flag":   {"token", "--nope", "dev-gcp:team:app"},
		"obo no token":   {"token", "--obo", "--via", "texas", "dev-gcp:team:app"},
		"user token m2m": {"token", "--user-token", "x", "dev-gcp:team:app"},
		"bad generator":  {"--generator-url", "notaurl", "token", "dev-gcp:team:app"},
		"no texas":       {"token", "--via", "texas", "dev-gcp:team:app"},
	} {
		t.Run(name, func(t *testing.T) {
			r := entratoken(t, nil, "", args...)
			r.want(t, 2)
			if r.stdout != "" || !strings.HasPrefix(r.stderr, "entratoken: ") {
				t.Errorf("want a message on stderr only, got stdout %q stderr %q", r.stdout, r.stderr)
			}
		})
	}
	r := entratoken(t, nil, "", "token", "dev-gcp:Team:app")
	if !strings.Contains(r.stderr, `namespace "Team" must be lowercase`) || !strings.Contains(r.stderr, "cluster:namespace:app") {
		t.Errorf("the message should name the bad part and the form: %q", r.stderr)
	}
}

// standalone starts a sandbox in the test process, as "entratoken sandbox"
// would, and returns it with its export block as environment variables.
func standalone(t *testing.T) (*sandbox.Sandbox, []string) {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{SlowDelay: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	var env []string
	for _, v := range sb.Env() {
		if v.Name != "ENTRATOKEN_SESSION" {
			env = append(env, v.Name+"="+v.Value)
		}
	}
	return sb, env
}

// sandboxUserToken is a token of the demo user for the sandbox app, got as
// the README tells a user to: OBO through the generator for
// dev-gcp:sandbox:my-app, the app whose Texas and Entra settings env holds.
func sandboxUserToken(t *testing.T, sb *sandbox.Sandbox, env []string) string {
	t.Helper()
	r := entratoken(t, append(env, "ENTRATOKEN_SESSION="+sb.DemoSession()), "", "token", "--obo", "--via", "generator", "dev-gcp:sandbox:my-app")
	r.want(t, 0)
	return strings.TrimSpace(r.stdout)
}

func TestTokenOBONotLoggedInGivesTheBrowserURL(t *testing.T) {
	sb, env := standalone(t)
	r := entratoken(t, env, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 1)
	if want := sb.GeneratorURL() + "/api/obo?aud=dev-gcp:team:app"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr should hold the login URL %s:\n%s", want, r.stderr)
	}
	if !strings.Contains(r.stderr, "ENTRATOKEN_SESSION") {
		t.Errorf("stderr should say how to hand over the session:\n%s", r.stderr)
	}

	r = entratoken(t, append(env, "ENTRATOKEN_SESSION="+sb.DemoSession()), "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 0)
	decoded(t, r.stdout)

	r = entratoken(t, append(env, "ENTRATOKEN_SESSION=io.nais.wonderwall.session="+sb.DemoSession()), "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 0)

	file := filepath.Join(t.TempDir(), "session")
	os.WriteFile(file, []byte("Cookie: other=1; io.nais.wonderwall.session="+sb.DemoSession()+"\n"), 0o600)
	r = entratoken(t, env, "", "token", "--obo", "--session-file", file, "dev-gcp:team:app")
	r.want(t, 0)

	r = entratoken(t, append(env, "ENTRATOKEN_SESSION=expired-session-value-123456"), "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "rejected") || strings.Contains(r.stderr, "expired-session-value") {
		t.Errorf("a rejected session should be said without echoing it:\n%s", r.stderr)
	}
}
