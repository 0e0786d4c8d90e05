package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows/verify"
)

// A sandbox token, checked with the keys its environment names, through
// every outcome of decode --verify: valid (0), invalid (1), not checked
// (3), bad usage (2).
func TestDecodeVerify(t *testing.T) {
	_, env := standalone(t)
	r := entratoken(t, env, "", "token", "--via", "texas", "dev-gcp:team:app")
	r.want(t, 0)
	raw := strings.TrimSpace(r.stdout)
	cache := filepath.Join(t.TempDir(), "cache")
	env = append(env, "XDG_CACHE_HOME="+cache)

	r = entratoken(t, env, raw, "decode", "--verify")
	r.want(t, 0)
	for _, want := range []string{
		"\nverification: valid: keys from AZURE_OPENID_CONFIG_JWKS_URI\n",
		"\nsignature: valid (kid ", "/v2.0 from AZURE_OPENID_CONFIG_JWKS_URI http://127.0.0.1:",
		"\nissuer:    valid: https://login.microsoftonline.com/", "(Entra ID)\n",
		"\nexpiry:    valid for ",
		" min more (until ",
		"\naudience:  not asked: aud is ",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("decode --verify lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr of a valid token: %q", r.stderr)
	}
	info, err := os.Stat(filepath.Join(cache, "entratoken", "keys.json"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("keys.json beside the token cache: %v, %v", info, err)
	}

	r = entratoken(t, env, raw, "decode", "--json", "--aud", "5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d")
	r.want(t, 1)
	var out struct {
		Verification struct {
			State  string
			Checks []struct{ Name, State, Reason, Detail string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	v := out.Verification
	if v.State != "invalid" || len(v.Checks) != 4 || v.Checks[0].State != "valid" || v.Checks[3].Name != "audience" || v.Checks[3].Reason != "wrong audience" {
		t.Errorf("--json verification: %+v", v)
	}
	if r.stderr != "entratoken: the token does not verify (invalid: wrong audience)\n" {
		t.Errorf("stderr: %q", r.stderr)
	}

	r = entratoken(t, env, raw, "decode", "--target", "dev-gcp:team:app")
	r.want(t, exitNotChecked)
	if !strings.Contains(r.stdout, "\naudience:  not checked: aud is ") || !strings.Contains(r.stderr, "(not checked: target's client ID unknown)") {
		t.Errorf("--target without a client ID:\n%s\n%s", r.stdout, r.stderr)
	}

	parts := strings.Split(raw, ".")
	r = entratoken(t, env, parts[0]+"."+parts[1]+"."+parts[2][:len(parts[2])-4]+"AAAA", "decode", "--verify")
	r.want(t, 1)
	if !strings.Contains(r.stdout, "\nsignature: invalid: the signature does not match") {
		t.Errorf("changed signature:\n%s", r.stdout)
	}

	r = entratoken(t, env, raw, "decode", "--verify", "--target", "dev-gcp:Team:app")
	r.want(t, exitUsage)
}

// The sandbox's bad-signature target hands out, from every source, a
// token that decodes but does not verify.
func TestDecodeVerifyBadSignatureTarget(t *testing.T) {
	_, env := standalone(t)
	env = append(env, "XDG_CACHE_HOME="+t.TempDir())
	for _, via := range []string{"generator", "texas", "entra"} {
		r := entratoken(t, env, "", "token", "--via", via, "dev-gcp:sandbox:bad-signature")
		r.want(t, 0)
		r = entratoken(t, env, r.stdout, "decode", "--verify")
		r.want(t, 1)
		if !strings.Contains(r.stdout, "\nsignature: invalid: the signature does not match") ||
			r.stderr != "entratoken: the token does not verify (invalid: bad signature)\n" {
			t.Errorf("via %s:\n%s\n%s", via, r.stdout, r.stderr)
		}
	}
}

// Keys that cannot be fetched make the outcome "not checked" (exit 3),
// and no keys are cached.
func TestDecodeVerifyKeysUnreachable(t *testing.T) {
	_, env := standalone(t)
	r := entratoken(t, env, "", "token", "dev-gcp:team:app")
	r.want(t, 0)
	cache := t.TempDir()
	env = append(env, "AZURE_OPENID_CONFIG_JWKS_URI=http://127.0.0.1:1/keys", "XDG_CACHE_HOME="+cache)
	r = entratoken(t, env, r.stdout, "decode", "--verify")
	r.want(t, exitNotChecked)
	if !strings.Contains(r.stdout, "\nsignature: not checked: cannot reach the keys of https://login.microsoftonline.com/") ||
		r.stderr != "entratoken: the token could not be fully verified (not checked: keys unreachable)\n" {
		t.Errorf("unreachable keys:\n%s\n%s", r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(cache, "entratoken", "keys.json")); !os.IsNotExist(err) {
		t.Errorf("keys.json after a failed fetch: %v", err)
	}
}

// The verdict maps onto the exit codes; a check cut short by a signal is
// an interruption (130 in run), not "not checked".
func TestVerdict(t *testing.T) {
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	r := func(s verify.State) verify.Report { return verify.Report{State: s} }
	if err := verdict(ctx, r(verify.Valid)); err != nil {
		t.Errorf("valid: %v", err)
	}
	for s, code := range map[verify.State]int{verify.Invalid: exitFailed, verify.Unchecked: exitNotChecked} {
		var xe *exitCodeError
		if err := verdict(ctx, r(s)); !errors.As(err, &xe) || xe.code != code {
			t.Errorf("%v: %v, want exit %d", s, err, code)
		}
	}
	if err := verdict(cancelled, r(verify.Unchecked)); !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted: %v", err)
	}
	// End to end: a signal during the key fetch (no fetch gets far on a
	// cancelled context) exits 130.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	t.Setenv("AZURE_OPENID_CONFIG_ISSUER", "")
	raw := mintFor(t, map[string]any{"iss": "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0", "exp": time.Now().Add(time.Hour).Unix()})
	var out, errb strings.Builder
	if code := run(cancelled, []string{"decode", "--verify", raw}, strings.NewReader(""), &out, &errb); code != exitInterrupted {
		t.Errorf("run under a cancelled context: exit %d, want %d\n%s%s", code, exitInterrupted, out.String(), errb.String())
	}
}
