package flows_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestDecodeEntraToken(t *testing.T) {
	now := time.Unix(1_760_000_000, 0)
	claims := entraClaims(now)
	claims["zz_custom"] = "kept"
	claims["acme"] = true
	raw := mintJWT(t, claims)

	tok, err := flows.Decode("  " + raw + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if tok.Raw != raw {
		t.Errorf("Raw is not the trimmed input")
	}
	if want := (flows.Header{Alg: "RS256", Kid: "test-kid", Typ: "JWT"}); tok.Header != want {
		t.Errorf("Header = %+v, want %+v", tok.Header, want)
	}
	if got := tok.Claim("azp_name"); got != "dev-gcp:nais:azure-token-generator" {
		t.Errorf("azp_name = %q", got)
	}
	if got := tok.Claim("groups"); !strings.HasPrefix(got, "2d7f1c3a-8e4b-4f5a-9c6d-1a2b3c4d5e6f, 3e8f") {
		t.Errorf("groups joined = %q", got)
	}
	if got := tok.Strings("groups"); len(got) != 4 {
		t.Errorf("Strings(groups) = %v, want 4", got)
	}
	if got := tok.Strings("scp"); len(got) != 1 || got[0] != "defaultaccess" {
		t.Errorf("Strings(scp) = %v", got)
	}
	if !tok.IssuedAt.Equal(now) || !tok.NotBefore.Equal(now) || !tok.ExpiresAt.Equal(now.Add(3899*time.Second)) {
		t.Errorf("times = %v %v %v", tok.IssuedAt, tok.NotBefore, tok.ExpiresAt)
	}
	if tok.Lifetime() != 3899*time.Second {
		t.Errorf("Lifetime = %v", tok.Lifetime())
	}
	if tok.IsApp() {
		t.Error("a user token reads as an app token")
	}
	if tok.Claim("missing") != "" {
		t.Error("absent claim is not empty")
	}
}

func TestDecodeRowsOrder(t *testing.T) {
	now := time.Unix(1_760_000_000, 0)
	raw := mintJWT(t, map[string]any{
		"zeta": 1, "exp": now.Unix(), "aud": "a", "alpha": "x", "roles": []string{"access_as_application"},
		"iat": now.Add(-time.Hour).Unix(), "idtyp": "app", "nbf": now.Add(-time.Hour).Unix(),
	})
	tok, err := flows.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range tok.Rows() {
		names = append(names, r.Name)
		switch r.Name {
		case "exp":
			if !r.Time.Equal(now) {
				t.Errorf("exp row time = %v", r.Time)
			}
		case "iat", "nbf":
			if !r.Time.Equal(now.Add(-time.Hour)) {
				t.Errorf("%s row time = %v", r.Name, r.Time)
			}
		case "alpha", "zeta":
			if r.Meaning != "" || !r.Time.IsZero() {
				t.Errorf("unknown claim %s has meaning %q / time %v", r.Name, r.Meaning, r.Time)
			}
		default:
			if r.Meaning == "" {
				t.Errorf("known claim %s has no meaning", r.Name)
			}
		}
	}
	want := "aud idtyp roles iat nbf exp alpha zeta"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("Rows order = %q, want %q", got, want)
	}
	if !tok.IsApp() {
		t.Error("idtyp=app is not an app token")
	}
}

func TestTokenTimes(t *testing.T) {
	now := time.Unix(1_760_000_000, 0)
	onlyNbf, _ := flows.Decode(mintJWT(t, map[string]any{"nbf": now.Unix(), "exp": now.Add(time.Hour).Unix()}))
	if onlyNbf.Lifetime() != time.Hour {
		t.Errorf("Lifetime from nbf = %v", onlyNbf.Lifetime())
	}
	noExp, _ := flows.Decode(mintJWT(t, map[string]any{"iat": now.Unix()}))
	if noExp.Lifetime() != 0 || noExp.TimeLeft(now) != 0 || !noExp.Expired(now, 0) {
		t.Error("a token without exp must have no lifetime, no time left and count as expired")
	}
	if onlyNbf.TimeLeft(now.Add(2*time.Hour)) != -time.Hour {
		t.Errorf("TimeLeft after exp = %v", onlyNbf.TimeLeft(now.Add(2*time.Hour)))
	}
	if onlyNbf.Expired(now, 59*time.Minute) || !onlyNbf.Expired(now, 61*time.Minute) {
		t.Error("Expired ignores the margin")
	}
}

func TestDecodeErrors(t *testing.T) {
	hdr := b64(`{"alg":"RS256"}`)
	pay := b64(`{"sub":"s3cr3t-subject"}`)
	cases := []struct {
		name, raw, part, mention string
	}{
		{"empty", "  ", "token", "empty"},
		{"two parts", hdr + "." + pay, "token", "this has 2"},
		{"four parts", hdr + "." + pay + ".sig.more", "token", "this has 4"},
		{"header not base64", "!!!." + pay + ".sig", "header", "the header is not base64url"},
		{"payload not base64", hdr + ".pa$load.sig", "payload", "the payload is not base64url"},
		{"header not JSON", b64("s3cr3t-header") + "." + pay + ".sig", "header", "the header is not a JSON object"},
		{"payload not JSON", hdr + "." + b64("s3cr3t-payload") + ".sig", "payload", "the payload is not a JSON object"},
		{"payload is an array", hdr + "." + b64(`["s3cr3t"]`) + ".sig", "payload", "the payload is not a JSON object"},
		{"exp not a number", hdr + "." + b64(`{"exp":"s3cr3t-soon"}`) + ".sig", "payload", "claim exp is not a number"},
		{"iat a bool", hdr + "." + b64(`{"iat":true}`) + ".sig", "payload", "claim iat is not a number"},
		{"exp beyond year 9999", hdr + "." + b64(`{"exp":1e20}`) + ".sig", "payload", "claim exp (1e20) is not a time between 1970 and 9999"},
		{"exp max int64", hdr + "." + b64(`{"exp":9223372036854775807}`) + ".sig", "payload", "claim exp (9223372036854775807) is not a time"},
		{"nbf before 1970", hdr + "." + b64(`{"nbf":-1}`) + ".sig", "payload", "claim nbf (-1) is not a time"},
		{"encrypted (JWE)", hdr + ".a2V5.aXY.Y2lwaGVy.dGFn", "token", "it is an encrypted token (JWE, 5 parts)"},
		{"empty header", "." + pay + ".sig", "header", "the header is empty"},
		{"empty payload", hdr + "..sig", "payload", "the payload is empty"},
		{"quote in the signature", hdr + "." + pay + ".sig'; touch /tmp/x; echo '", "signature", "the signature is not base64url (bad character at 3)"},
		{"space in the signature", hdr + "." + pay + ".s ig", "signature", "the signature is not base64url"},
		{"padding", hdr + "." + pay + ".sig=", "signature", "the signature is not base64url"},
		{"quote in the payload", hdr + "." + pay + `".sig`, "payload", "the payload is not base64url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok, err := flows.Decode(c.raw)
			var de *flows.DecodeError
			if !errors.As(err, &de) || tok != nil {
				t.Fatalf("Decode = %v, %v; want a *DecodeError", tok, err)
			}
			if de.Part != c.part {
				t.Errorf("Part = %q, want %q", de.Part, c.part)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "not a JWT: ") || !strings.Contains(msg, c.mention) {
				t.Errorf("message %q does not say %q", msg, c.mention)
			}
			if strings.Contains(msg, "s3cr3t") || strings.Contains(msg, pay) {
				t.Errorf("message %q leaks token content", msg)
			}
		})
	}
}

func TestDecodeAllowsAnEmptySignature(t *testing.T) {
	tok, err := flows.Decode(b64(`{"alg":"none"}`) + "." + b64(`{"aud":"x"}`) + ".")
	if err != nil || tok.Claim("aud") != "x" {
		t.Errorf("an unsigned token (alg none) = %v, %v", tok, err)
	}
}

func TestClaimsJSON(t *testing.T) {
	tok, err := flows.Decode(mintJWT(t, map[string]any{"aud": "x", "exp": 1760000000}))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"aud\": \"x\",\n  \"exp\": 1760000000\n}"
	if got := tok.ClaimsJSON(); got != want {
		t.Errorf("ClaimsJSON = %q, want %q", got, want)
	}
}
