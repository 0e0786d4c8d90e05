package flows_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// b64 encodes a JWT segment.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// mintJWT builds an unsigned-but-JWT-shaped token with the given claims;
// entratoken decodes without verifying, so a fake signature will do.
func mintJWT(t testing.TB, claims map[string]any) string {
	t.Helper()
	p, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return b64(`{"alg":"RS256","kid":"test-kid","typ":"JWT"}`) + "." + b64(string(p)) + ".c2lnbmF0dXJl"
}

// mintExpiring is a token that expires at exp, with a marker claim so two
// tokens can be told apart.
func mintExpiring(t testing.TB, marker string, exp time.Time) string {
	return mintJWT(t, map[string]any{"exp": exp.Unix(), "iat": exp.Add(-time.Hour).Unix(), "marker": marker})
}

// mintIssued is a marked token issued at iat that expires at exp.
func mintIssued(t testing.TB, marker string, iat, exp time.Time) string {
	return mintJWT(t, map[string]any{"exp": exp.Unix(), "iat": iat.Unix(), "marker": marker})
}

// entraClaims is what a real Entra ID v2 user token carries (values made
// up, shapes and sizes real).
func entraClaims(now time.Time) map[string]any {
	return map[string]any{
		"aud":                "0c3a6b3e-9f9d-4a4c-8d57-2f6f1c2b5e11",
		"iss":                "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0",
		"iat":                now.Unix(),
		"nbf":                now.Unix(),
		"exp":                now.Add(3899 * time.Second).Unix(),
		"aio":                "AWQAm/8ZAAAAq8x3Jq1yM4Jp3qk5bq6n2o0sJj8F2m7c3Vbq9Kx1pQe4Zr5Ty6Uw7Iv8Oa9Sb0Dc1Ef2Gh3Ij4Kl5Mn6Op7Qr8St9Uv0Wx1Yz2Ab3Cd4Ef5Gh6",
		"azp":                "5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d",
		"azp_name":           "dev-gcp:nais:azure-token-generator",
		"azpacr":             "1",
		"groups":             []string{"2d7f1c3a-8e4b-4f5a-9c6d-1a2b3c4d5e6f", "3e8f2d4b-9f5c-4a6b-8d7e-2b3c4d5e6f7a", "4f9a3e5c-0a6d-4b7c-9e8f-3c4d5e6f7a8b", "5a0b4f6d-1b7e-4c8d-8f9a-4d5e6f7a8b9c"},
		"name":               "Nordmann, Kari",
		"NAVident":           "Z990123",
		"oid":                "8f2a6c1e-3b4d-4e5f-a6b7-c8d9e0f1a2b3",
		"preferred_username": "Kari.Nordmann@trygdeetaten.no",
		"rh":                 "1.AQIAcsVqlrf1vkuqiMdkGcD4UT5rOgydn0pKjVcvbxwrXhECAMQCAA.",
		"scp":                "defaultaccess",
		"sid":                "00b1c2d3-e4f5-6a7b-8c9d-0e1f2a3b4c5d",
		"sub":                "x7Qp2Vh9Lm4Kj8Tn3Wb6Rc1Yd5Zf0Ga2Sh7Uj9Xk4Ev",
		"tid":                "966ac572-f5b7-4bbe-aa88-c76419c0f851",
		"uti":                "qL3mN8pR2sT5vW7xY9zA1b",
		"ver":                "2.0",
	}
}

// entraJWT is a realistic Entra ID access token (about 1.5 KB) with an
// RS256-sized signature.
func entraJWT(t testing.TB, now time.Time) string {
	p, err := json.Marshal(entraClaims(now))
	if err != nil {
		t.Fatal(err)
	}
	sig := base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("\x9a\x17\x42\xe3", 64)))
	return b64(`{"typ":"JWT","alg":"RS256","kid":"JDNa_4i4r7FgigL3sHIlI3xV-IU"}`) + "." + b64(string(p)) + "." + sig
}
