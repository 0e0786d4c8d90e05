package flows_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// hostile is what a forged token or a rogue service may try to send to
// the user's terminal: colour, a window title (OSC ending in BEL), a C1 CSI.
const hostile = "Eve\x1b[31m\x1b]2;HACKED\x07\u009b2J\x7f"

// noControls fails when s holds a character a terminal acts on.
func noControls(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) {
			t.Errorf("%s holds control character %U: %q", what, r, s)
			return
		}
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, æøå and 日本", "plain text, æøå and 日本"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab"},
		{hostile, "Eve�[31m�]2;HACKED��2J�"},
		{"crlf\r\nline, lone\rcr", "crlf\nline, lone�cr"},
		{"bad utf-8 \xff\xfe", "bad utf-8 �"},
		{"nul\x00", "nul�"},
		{"", ""},
	} {
		if got := flows.Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDecodeMakesHostileTextPrintable(t *testing.T) {
	header := `{"alg":"RS256\u001b[1m","kid":"k\u0007","typ":"JWT\u009b"}`
	claims := map[string]any{"name": hostile, "idtyp": hostile, "scp": "read " + hostile, "roles": []string{hostile},
		"obj": map[string]any{"x": "\u009b\x7f"}, hostile: "claim name"}
	p, _ := json.Marshal(claims)
	tok, err := flows.Decode(b64(header) + "." + b64(string(p)) + ".c2ln")
	if err != nil {
		t.Fatal(err)
	}
	noControls(t, "Claim(name)", tok.Claim("name"))
	if !strings.HasPrefix(tok.Claim("name"), "Eve�[31m") {
		t.Errorf("Claim(name) = %q: the readable rest should stay", tok.Claim("name"))
	}
	noControls(t, "Claim(obj)", tok.Claim("obj"))
	noControls(t, "Claim(roles)", tok.Claim("roles"))
	noControls(t, "Strings(scp)", strings.Join(tok.Strings("scp"), " "))
	noControls(t, "Strings(roles)", strings.Join(tok.Strings("roles"), " "))
	noControls(t, "ExplainClaim(idtyp)", flows.ExplainClaim("idtyp", claims["idtyp"]))
	for _, r := range tok.Rows() {
		noControls(t, "row name", r.Name)
		noControls(t, "row "+r.Name, r.Value)
		noControls(t, "meaning of "+r.Name, r.Meaning)
	}
	h := tok.Header
	noControls(t, "Header", h.Alg+h.Kid+h.Typ)
	if h.Alg != "RS256�[1m" {
		t.Errorf("Header.Alg = %q", h.Alg)
	}
	if want := (flows.Header{Alg: "RS256\x1b[1m", Kid: "k\a", Typ: "JWT\u009b"}); tok.RawHeader() != want {
		t.Errorf("RawHeader = %+v, want the header as sent", tok.RawHeader())
	}

	// The JSON copy is lossless, and escapes what encoding/json leaves raw.
	js := tok.ClaimsJSON()
	noControls(t, "ClaimsJSON", strings.ReplaceAll(js, "\n", ""))
	var back map[string]any
	if err := json.Unmarshal([]byte(js), &back); err != nil {
		t.Fatal(err)
	}
	var orig map[string]any
	_ = json.Unmarshal(p, &orig)
	if !reflect.DeepEqual(back, orig) {
		t.Errorf("ClaimsJSON is not lossless:\n%v\nwant\n%v", back, orig)
	}
}

func TestEscapeJSON(t *testing.T) {
	in, _ := json.Marshal(map[string]string{"k": "a\u009bb\x7fc\x1bd"})
	got := string(flows.EscapeJSON(in))
	if want := `{"k":"a\u009bb\u007fc\u001bd"}`; got != want {
		t.Errorf("EscapeJSON = %s, want %s", got, want)
	}
	if plain := []byte(`{"k":"æ"}`); string(flows.EscapeJSON(plain)) != string(plain) {
		t.Error("EscapeJSON changed printable JSON")
	}
}

func TestExplainMakesEveryFieldPrintable(t *testing.T) {
	x := flows.Explain(&flows.OAuthError{Service: "Texas", Status: 400, Code: hostile, Description: hostile,
		AADSTS: 501051, TraceID: hostile, CorrelationID: hostile})
	for _, f := range []string{x.What, x.Why, x.Next, x.URL, x.Snippet, x.TraceID, x.CorrelationID} {
		noControls(t, "Explain field", f)
	}
	plain := flows.Explain(errors.New("config: " + hostile))
	noControls(t, "Explain of a plain error", plain.What)
}

// A service that answers a token with quotes and a command in the
// signature is refused before anything is cached or printed.
func TestBrokerRefusesAnInjectedSignature(t *testing.T) {
	good := mintExpiring(t, "m", time.Now().Add(time.Hour))
	for name, bad := range map[string]string{
		"shell":     good + "'; touch /tmp/x; echo '",
		"curl":      good + `"` + "\nurl = \"http://evil",
		"backslash": good + `\`,
	} {
		t.Run(name, func(t *testing.T) {
			src := &brokerFake{via: flows.ViaTexas, issue: func(context.Context, flows.Request, int) (flows.Issued, error) {
				return flows.Issued{AccessToken: bad, ExpiresIn: time.Hour}, nil
			}}
			dir := t.TempDir()
			b := &flows.Broker{Sources: map[flows.Via]flows.Source{flows.ViaTexas: src}, Cache: &flows.Cache{Dir: dir}, Margin: flows.DefaultMargin}
			res, err := b.Get(context.Background(), brokerReq)
			var re *flows.ResponseError
			if !errors.As(err, &re) || res.Token != nil {
				t.Fatalf("Get = %+v, %v; want a *ResponseError", res, err)
			}
			if !strings.Contains(err.Error(), "the signature is not base64url") || strings.Contains(err.Error(), "touch") {
				t.Errorf("error = %q: should name the signature, never quote it", err)
			}
			if _, ok := b.Cached(brokerReq); ok {
				t.Error("the refused token was cached")
			}
			if _, err := os.Stat(filepath.Join(dir, "tokens.json")); !os.IsNotExist(err) {
				t.Errorf("the cache file was written (%v)", err)
			}
		})
	}
}
