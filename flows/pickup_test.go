package flows_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestPickup(t *testing.T) {
	jwt := mintJWT(t, map[string]any{"aud": "x", "exp": 1760000000})
	const session = "Zm9vYmFyYmF6cXV4LXNlc3Npb24tdmFsdWU"
	cases := []struct {
		name      string
		in        string
		token     bool
		expiresIn time.Duration
		session   string
	}{
		{"generator JSON, indented", "{\n  \"access_token\": \"" + jwt + "\",\n  \"expires_in\": 3899\n}\n", true, 3899 * time.Second, ""},
		{"JSON, expires_in as string", `{"access_token":"` + jwt + `","expires_in":"3599"}`, true, 3599 * time.Second, ""},
		{"JSON, no expires_in", `{"access_token":"` + jwt + `"}`, true, 0, ""},
		{"JSON, expires_in NaN", `{"access_token":"` + jwt + `","expires_in":"NaN"}`, true, 0, ""},
		{"Texas JSON with token_type", `{"access_token":"` + jwt + `","expires_in":3599,"token_type":"Bearer"}`, true, 3599 * time.Second, ""},
		{"bare JWT", jwt, true, 0, ""},
		{"JWT with whitespace and newlines", "\n\t  " + jwt + "  \r\n\n", true, 0, ""},
		{"Bearer", "Bearer " + jwt, true, 0, ""},
		{"bearer lowercase, extra spaces", "  bearer   " + jwt + "\n", true, 0, ""},
		{"Authorization header", "Authorization: Bearer " + jwt, true, 0, ""},
		{"authorization header lowercase", "authorization:bearer " + jwt, true, 0, ""},
		{"JWT wrapped across lines", wrap(jwt, 40, "\n"), true, 0, ""},
		{"JWT wrapped with CRLF and indent", wrap(jwt, 33, "\r\n    "), true, 0, ""},
		{"Bearer, wrapped", "Bearer " + wrap(jwt, 50, "\n"), true, 0, ""},
		{"Authorization header, wrapped", "Authorization: Bearer\n" + wrap(jwt, 64, "\n  "), true, 0, ""},
		{"cookie name=value", flows.SessionCookie + "=" + session, false, 0, session},
		{"cookie quoted", flows.SessionCookie + `="` + session + `"`, false, 0, session},
		{"cookie value with =", flows.SessionCookie + "=" + session + "==", false, 0, session + "=="},
		{"Cookie line, several cookies", "Cookie: _ga=GA1.2.3; " + flows.SessionCookie + "=" + session + "; other=1\n", false, 0, session},
		{"cookie pairs without Cookie:", "a=b;" + flows.SessionCookie + "=" + session, false, 0, session},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for name, pick := range map[string]func(string) (flows.Picked, error){"Pickup": flows.Pickup, "PickupSession": flows.PickupSession} {
				p, err := pick(c.in)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if c.token && (p.Token == nil || p.Token.Raw != jwt) {
					t.Errorf("%s: token = %v, want the JWT", name, p.Token)
				}
				if !c.token && p.Token != nil {
					t.Errorf("%s: unexpected token", name)
				}
				if p.ExpiresIn != c.expiresIn || p.Session != c.session {
					t.Errorf("%s: ExpiresIn %v Session %q; want %v %q", name, p.ExpiresIn, p.Session, c.expiresIn, c.session)
				}
			}
		})
	}
}

func TestPickupBareSession(t *testing.T) {
	const session = "Zm9vYmFyYmF6cXV4LXNlc3Npb24tdmFsdWU"
	if _, err := flows.Pickup(session); err == nil {
		t.Error("Pickup guessed that a bare value is a session cookie")
	}
	p, err := flows.PickupSession("  " + session + "\n")
	if err != nil || p.Session != session || p.Token != nil {
		t.Errorf("PickupSession = %+v, %v", p, err)
	}
	for _, in := range []string{"short", "has spaces in the middle of it", "a.b.c-looks-like-a-jwt-but-is-not", strings.Repeat("x", 4097)} {
		if p, err := flows.PickupSession(in); err == nil {
			t.Errorf("PickupSession(%.20q) = %+v, want an error", in, p)
		}
	}
	// An empty cookie is not taken for a bare value that happens to
	// contain "name=".
	for _, in := range []string{flows.SessionCookie + "=", " " + flows.SessionCookie + "= \n", "Cookie: " + flows.SessionCookie + `=""`} {
		if p, err := flows.PickupSession(in); err == nil || !strings.Contains(err.Error(), "cookie is empty") {
			t.Errorf("PickupSession(%q) = %+v, %v; want the cookie is empty", in, p, err)
		}
	}
}

func TestPickupErrors(t *testing.T) {
	hdr := b64(`{"alg":"RS256"}`)
	cases := []struct {
		name, in, mention string
	}{
		{"empty", "", "no token or session cookie found"},
		{"garbage", "hello world, this is not a token", "no token or session cookie found"},
		{"HTML login page", "<!DOCTYPE html><html><body>Sign in</body></html>", "no token or session cookie found"},
		{"prose with a dot", "see https://example.com/x. Thanks!", "no token or session cookie found"},
		{"two parts", hdr + ".eyJzdWIiOiJ4In0", "a JWT has 3 parts separated by '.', this has 2"},
		{"four parts, wrapped", hdr + ".\neyJzdWIiOiJ4In0.sig.x", "this has 4"},
		{"bad base64 in the header", "e!yJ.eyJzdWIiOiJ4In0.sig", "not a JWT: the header"},
		{"payload not JSON", hdr + "." + b64("nope") + ".sig", "not a JWT: the payload is not a JSON object"},
		{"JSON without access_token", `{"error":"invalid_grant","expires_in":3599}`, "has no access_token"},
		{"truncated JSON", `{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJz`, "incomplete or malformed"},
		{"JSON array", `{[1,2]}`, "incomplete or malformed"},
		{"JSON with a non-JWT access_token", `{"access_token":"s3cr3t-opaque-token"}`, "not a JWT"},
		{"bearer with a non-JWT", "Bearer " + hdr + ".!!!.sig", "not a JWT: the payload"},
		{"empty session cookie", flows.SessionCookie + "=", "cookie is empty"},
		{"empty quoted session cookie", "Cookie: a=b; " + flows.SessionCookie + `=""`, "cookie is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := flows.Pickup(c.in)
			if err == nil || !strings.Contains(err.Error(), c.mention) {
				t.Fatalf("Pickup error = %v, want one saying %q", err, c.mention)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks the pasted value: %v", err)
			}
		})
	}
	var de *flows.DecodeError
	if _, err := flows.Pickup(`{"access_token":"a.b"}`); !errors.As(err, &de) {
		t.Errorf("a non-JWT access_token gives %v, want a *DecodeError", err)
	}
}

func TestParseExpiresIn(t *testing.T) {
	cases := []struct {
		raw  string
		want time.Duration
		ok   bool
	}{
		{`3599`, 3599 * time.Second, true},
		{`"3599"`, 3599 * time.Second, true},
		{` 1.5 `, 1500 * time.Millisecond, true},
		{`0`, 0, false},
		{`86400`, 24 * time.Hour, true},
		{`86401`, 0, false},
		{``, 0, false},
		{`""`, 0, false},
		{`null`, 0, false},
		{`-1`, 0, false},
		{`"soon"`, 0, false},
		{`"NaN"`, 0, false},
		{`"Inf"`, 0, false},
		{`1e300`, 0, false},
	}
	for _, c := range cases {
		got, ok := flows.ParseExpiresIn(json.RawMessage(c.raw))
		if got != c.want || ok != c.ok {
			t.Errorf("ParseExpiresIn(%s) = %v, %v; want %v, %v", c.raw, got, ok, c.want, c.ok)
		}
	}
}

// wrap breaks s every n characters with sep, as a terminal or mail client
// does with a long token.
func wrap(s string, n int, sep string) string {
	var parts []string
	for len(s) > n {
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return strings.Join(append(parts, s), sep)
}

// Where only the session is asked for, the cookie is taken as the TUI
// takes it, and what else a user copies after the login gets a word of
// its own.
func TestPickupCookie(t *testing.T) {
	const session = "Zm9vYmFyYmF6cXV4LXNlc3Npb24tdmFsdWU"
	jwt := mintJWT(t, map[string]any{"aud": "x", "exp": 1760000000})
	for _, in := range []string{session + "\n", flows.SessionCookie + "=" + session, "Cookie: a=b; " + flows.SessionCookie + "=" + session} {
		if got, err := flows.PickupCookie(in); err != nil || got != session {
			t.Errorf("PickupCookie(%.30q) = %q, %v", in, got, err)
		}
	}
	details := `{"session":{"created_at":"2022-08-31T06:58:38.72Z","ends_at":"2022-08-31T16:58:38.72Z","active":true},"tokens":{"expire_at":"2022-08-31T14:03:47.318251953Z"}}`
	for _, c := range []struct{ name, in, want string }{
		{"a token", "Bearer " + jwt, flows.ErrTokenNotSession.Error()},
		{"the generator's JSON", `{"access_token":"` + jwt + `","expires_in":3899}`, flows.ErrTokenNotSession.Error()},
		{"the session's details", details, flows.ErrSessionDetails.Error()},
		{"an empty cookie", flows.SessionCookie + "=", "cookie is empty"},
		{"a cookie with a blank", flows.SessionCookie + `="a b"`, "characters a cookie cannot have"},
		{"prose", "not a cookie at all", "no io.nais.wonderwall.session cookie in what was given: give its value"},
		{"other JSON", `{"error":"unauthenticated"}`, "no io.nais.wonderwall.session cookie in what was given"},
	} {
		got, err := flows.PickupCookie(c.in)
		if err == nil || got != "" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: PickupCookie = %q, %v; want an error with %q", c.name, got, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), jwt) {
			t.Errorf("%s: the error holds the token", c.name)
		}
	}
}
