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

	// Broken JSON, on stdin or in ENTRATOKEN_SESSION, is not "pasted", and
	// a token is not a session.
	for _, tc := range []struct {
		env   []string
		stdin string
		args  []string
		want  string
	}{
		{nil, `{"access_token": "abc`, []string{"decode"},
			`entratoken: the JSON is incomplete or malformed: it must be the whole answer azure-token-generator shows, {"access_token": …}` + "\n"},
		{nil, `{"foo":1}`, []string{"decode"},
			`entratoken: the JSON has no access_token: it must be the answer azure-token-generator shows, {"access_token": …}` + "\n"},
		{[]string{`ENTRATOKEN_SESSION={"junk`}, "", []string{"token", "--obo", "dev-gcp:team:app"},
			"entratoken: ENTRATOKEN_SESSION holds no session cookie: set it to the io.nais.wonderwall.session cookie's value (or name=value) from the browser, or run `entratoken login` once instead\n"},
		{[]string{"ENTRATOKEN_SESSION=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"}, "", []string{"token", "--obo", "dev-gcp:team:app"},
			"entratoken: ENTRATOKEN_SESSION holds an access token, not the session: set it to the io.nais.wonderwall.session cookie's value from the browser (a user token for Texas or Entra goes in --user-token)\n"},
	} {
		r := entratoken(t, tc.env, tc.stdin, tc.args...)
		r.want(t, exitUsage)
		if r.stderr != tc.want {
			t.Errorf("%v %q %v:\n got %q\nwant %q", tc.env, tc.stdin, tc.args, r.stderr, tc.want)
		}
	}

	r = entratoken(t, nil, "", "--generator-url", "https://127.0.0.1:1", "token", "dev-gcp:team:app")
	r.want(t, exitFailed)
	if n := strings.Count(r.stderr, "are you on naisdevice?"); n != 1 {
		t.Errorf("an unreachable generator says \"are you on naisdevice?\" %d times:\n%s", n, r.stderr)
	}
}
