package main

import (
	"strings"
	"testing"
)

// Script mode speaks to a script's author, not to the login screen's
// user: each message says what that command takes.
func TestScriptModeWording(t *testing.T) {
	r := entratoken(t, nil, "junk\n", "decode")
	r.want(t, exitUsage)
	if r.stderr != "entratoken: no token found: give a JWT (eyJ…), \"Bearer <jwt>\" or the JSON azure-token-generator answers, as the argument or on stdin\n" {
		t.Errorf("decode on junk: %q", r.stderr)
	}

	r = entratoken(t, []string{"ENTRATOKEN_SESSION=not a cookie"}, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, exitUsage)
	if !strings.HasPrefix(r.stderr, "entratoken: ENTRATOKEN_SESSION holds no session cookie: set it to the io.nais.wonderwall.session cookie's value") ||
		strings.Contains(r.stderr, "paste") {
		t.Errorf("a bad ENTRATOKEN_SESSION: %q", r.stderr)
	}

	r = entratoken(t, nil, "", "--generator-url", "https://127.0.0.1:1", "token", "dev-gcp:team:app")
	r.want(t, exitFailed)
	if n := strings.Count(r.stderr, "are you on naisdevice?"); n != 1 {
		t.Errorf("an unreachable generator says \"are you on naisdevice?\" %d times:\n%s", n, r.stderr)
	}
}
