package verify_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/sandbox"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/golang-jwt/jwt/v5"
)

var (
	sbOnce sync.Once
	sb     *sandbox.Sandbox
	sbErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sb != nil {
		sb.Close()
	}
	os.Exit(code)
}

// theSandbox is one sandbox for the package: each start makes two RSA
// keys.
func theSandbox(t testing.TB) *sandbox.Sandbox {
	sbOnce.Do(func() { sb, sbErr = sandbox.Start(sandbox.Options{}) })
	if sbErr != nil {
		t.Fatal(sbErr)
	}
	return sb
}

// sandboxEnv is the sandbox's environment, with extra laid over it.
func sandboxEnv(s *sandbox.Sandbox, extra map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := extra[k]; ok {
			return v
		}
		v, _ := s.LookupEnv(k)
		return v
	}
}

// sandboxToken fetches a token from the sandbox as entratoken would.
func sandboxToken(t testing.TB, s *sandbox.Sandbox, via flows.Via, flow flows.Flow, target string) *flows.Token {
	t.Helper()
	client := flows.NewHTTPClient(10 * time.Second)
	getenv := sandboxEnv(s, nil)
	src := map[flows.Via]flows.Source{
		flows.ViaGenerator: flows.Generator{BaseURL: s.GeneratorURL(), HTTP: client},
		flows.ViaTexas:     flows.TexasFromEnv(getenv, client),
		flows.ViaEntra:     flows.EntraFromEnv(getenv, client),
	}[via]
	req := flows.Request{Target: mustTarget(t, target), Flow: flow, Via: via, Session: s.DemoSession(), UserToken: userToken(t, s)}
	issued, err := src.Fetch(context.Background(), req)
	if err != nil {
		t.Fatalf("%s %s: %v", via, flow, err)
	}
	return decode(t, issued.AccessToken)
}

// userToken is a token of the demo user for the sandbox app, as the README
// tells a user to get one: OBO through the generator for
// dev-gcp:sandbox:my-app, the app the sandbox's Texas and Entra settings are for.
func userToken(t testing.TB, s *sandbox.Sandbox) string {
	t.Helper()
	gen := flows.Generator{BaseURL: s.GeneratorURL(), HTTP: flows.NewHTTPClient(10 * time.Second)}
	req := flows.Request{Target: mustTarget(t, "dev-gcp:sandbox:my-app"), Flow: flows.OBO, Via: flows.ViaGenerator, Session: s.DemoSession()}
	issued, err := gen.Fetch(context.Background(), req)
	if err != nil {
		t.Fatalf("the demo user's token for the sandbox app: %v", err)
	}
	return issued.AccessToken
}

func sandboxVerifier(t testing.TB, s *sandbox.Sandbox, extra map[string]string, now time.Time) *verify.Verifier {
	return &verify.Verifier{HTTP: flows.NewHTTPClient(10 * time.Second), Getenv: sandboxEnv(s, extra),
		CacheDir: t.TempDir(), Now: func() time.Time { return now }}
}

// Every sandbox token verifies, from all three sources and both flows,
// with the keys its environment names: no discovery from
// login.microsoftonline.com, no internet.
func TestSandboxTokensVerify(t *testing.T) {
	s := theSandbox(t)
	jwks, _ := s.LookupEnv("AZURE_OPENID_CONFIG_JWKS_URI")
	for _, via := range []flows.Via{flows.ViaGenerator, flows.ViaTexas, flows.ViaEntra} {
		for _, flow := range []flows.Flow{flows.M2M, flows.OBO} {
			t.Run(string(via)+"/"+string(flow), func(t *testing.T) {
				tok := sandboxToken(t, s, via, flow, "dev-gcp:team:app")
				r := sandboxVerifier(t, s, nil, time.Now()).Verify(context.Background(), tok, verify.Expect{})
				if r.State != verify.Valid || r.Summary() != "valid: keys from AZURE_OPENID_CONFIG_JWKS_URI" {
					t.Fatalf("%s: %+v", r.Summary(), r.Checks)
				}
				wantCheck(t, r, verify.CheckSignature, verify.Valid, "",
					"valid (kid "+tok.Header.Kid+", keys of https://login.microsoftonline.com/", "/v2.0 from AZURE_OPENID_CONFIG_JWKS_URI "+jwks+")")
				wantCheck(t, r, verify.CheckIssuer, verify.Valid, "", "(Entra ID)")
			})
		}
	}
}

// Sandbox tokens fail each check with its own message.
func TestSandboxTokensFail(t *testing.T) {
	s := theSandbox(t)
	tok := sandboxToken(t, s, flows.ViaTexas, flows.M2M, "dev-gcp:team:app")
	now := time.Now()

	t.Run("changed payload", func(t *testing.T) {
		parts := strings.Split(tok.Raw, ".")
		claims := map[string]any{}
		for k, v := range tok.Claims {
			claims[k] = v
		}
		claims["roles"] = []string{"access_as_application", "admin"}
		forged := strings.Split(sign(t, rsaKey(t, "x"), claims), ".")[1]
		r := sandboxVerifier(t, s, nil, now).Verify(context.Background(), decode(t, parts[0]+"."+forged+"."+parts[2]), verify.Expect{})
		wantCheck(t, r, verify.CheckSignature, verify.Invalid, "bad signature", "the signature does not match")
	})
	t.Run("unknown kid, fetched again at once from loopback", func(t *testing.T) {
		v := sandboxVerifier(t, s, nil, now)
		if r := v.Verify(context.Background(), tok, verify.Expect{}); r.State != verify.Valid {
			t.Fatalf("%+v", r)
		}
		claims := jwt.MapClaims{}
		for k, v := range tok.Claims {
			claims[k] = v
		}
		r := v.Verify(context.Background(), decode(t, sign(t, rsaKey(t, "rotated"), claims)), verify.Expect{})
		wantCheck(t, r, verify.CheckSignature, verify.Invalid, "unknown key", `no key "rotated" among the 1 keys of `, "(fetched again just now)",
			"a sandbox makes new keys each time it starts")
	})
	t.Run("expired", func(t *testing.T) {
		// Entra's lifetimes vary (60 to 90 min): count from this token's exp.
		r := sandboxVerifier(t, s, nil, tok.ExpiresAt.Add(55*time.Minute)).Verify(context.Background(), tok, verify.Expect{})
		wantCheck(t, r, verify.CheckExpiry, verify.Invalid, "expired", "expired 55 min ago")
		wantCheck(t, r, verify.CheckSignature, verify.Valid, "")
	})
	t.Run("wrong issuer", func(t *testing.T) {
		r := sandboxVerifier(t, s, nil, now).Verify(context.Background(), tok, verify.Expect{Issuer: "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0"})
		wantCheck(t, r, verify.CheckIssuer, verify.Invalid, "wrong issuer", "not https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0 (--issuer)")
	})
	t.Run("wrong audience", func(t *testing.T) {
		r := sandboxVerifier(t, s, nil, now).Verify(context.Background(), tok, verify.Expect{Audience: "5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d"})
		wantCheck(t, r, verify.CheckAudience, verify.Invalid, "wrong audience", "not 5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d (--aud)")
	})
	t.Run("the sandbox app's own pod knows its client ID", func(t *testing.T) {
		user := userToken(t, s) // aud: the sandbox app, dev-gcp:sandbox:my-app
		pod := map[string]string{"NAIS_CLUSTER_NAME": "dev-gcp", "NAIS_NAMESPACE": "sandbox", "NAIS_APP_NAME": "my-app"}
		want := verify.Expect{Target: mustTarget(t, "dev-gcp:sandbox:my-app")}
		r := sandboxVerifier(t, s, pod, now).Verify(context.Background(), decode(t, user), want)
		wantCheck(t, r, verify.CheckAudience, verify.Valid, "", "is dev-gcp:sandbox:my-app's client ID (AZURE_APP_CLIENT_ID of this pod)")
		r = sandboxVerifier(t, s, pod, now).Verify(context.Background(), tok, want)
		wantCheck(t, r, verify.CheckAudience, verify.Invalid, "wrong audience", "not dev-gcp:sandbox:my-app's client ID")
	})
}
