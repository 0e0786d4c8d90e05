package flows

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The error shapes from protocols.md.
const (
	entraErrorBody = `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 8d1f2a3b-0000-4c5d-9e8f-1a2b3c4d5e00\r\nCorrelation ID: 3e4f5a6b-1111-4c5d-9e8f-1a2b3c4d5e11\r\nTimestamp: 2025-01-02 03:04:05Z","error_codes":[7000215],"timestamp":"2025-01-02 03:04:05Z","trace_id":"8d1f2a3b-0000-4c5d-9e8f-1a2b3c4d5e00","correlation_id":"3e4f5a6b-1111-4c5d-9e8f-1a2b3c4d5e11","error_uri":"https://login.microsoftonline.com/error?code=7000215"}`
	texasErrorBody = `{"error":"invalid_scope","error_description":"AADSTS500011: The resource principal named api://dev-gcp.team.app was not found in the tenant named NAV. Trace ID: aaaaaaaa-2222-4c5d-9e8f-000000000001 Correlation ID: bbbbbbbb-3333-4c5d-9e8f-000000000002 Timestamp: 2025-01-02 03:04:05Z"}`
)

func TestFailure(t *testing.T) {
	svc := service{name: "Svc"}
	html := map[string]string{"Content-Type": "text/html; charset=utf-8"}
	long := strings.Repeat("é", MaxServerText+10)
	for _, tc := range []struct {
		name   string
		status int
		header map[string]string
		body   string
		want   error
	}{
		{"Entra error with error_codes and IDs", 401, nil, entraErrorBody, &OAuthError{Service: "Svc", Status: 401, Code: "invalid_client",
			Description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\nTrace ID: 8d1f2a3b-0000-4c5d-9e8f-1a2b3c4d5e00\nCorrelation ID: 3e4f5a6b-1111-4c5d-9e8f-1a2b3c4d5e11\nTimestamp: 2025-01-02 03:04:05Z",
			AADSTS:      7000215, TraceID: "8d1f2a3b-0000-4c5d-9e8f-1a2b3c4d5e00", CorrelationID: "3e4f5a6b-1111-4c5d-9e8f-1a2b3c4d5e11",
			URI: "https://login.microsoftonline.com/error?code=7000215"}},
		{"Texas pass-through: code and IDs from the description", 400, nil, texasErrorBody, &OAuthError{Service: "Svc", Status: 400, Code: "invalid_scope",
			Description: "AADSTS500011: The resource principal named api://dev-gcp.team.app was not found in the tenant named NAV. Trace ID: aaaaaaaa-2222-4c5d-9e8f-000000000001 Correlation ID: bbbbbbbb-3333-4c5d-9e8f-000000000002 Timestamp: 2025-01-02 03:04:05Z",
			AADSTS:      500011, TraceID: "aaaaaaaa-2222-4c5d-9e8f-000000000001", CorrelationID: "bbbbbbbb-3333-4c5d-9e8f-000000000002"}},
		{"Texas's own error", 400, nil, `{"error":"invalid_request","error_description":"unsupported media type"}`,
			&OAuthError{Service: "Svc", Status: 400, Code: "invalid_request", Description: "unsupported media type"}},
		{"error_codes as strings", 400, nil, `{"error":"invalid_grant","error_codes":["50105"]}`,
			&OAuthError{Service: "Svc", Status: 400, Code: "invalid_grant", AADSTS: 50105}},
		{"error_codes wins over the description", 400, nil, `{"error":"x","error_description":"AADSTS1: a","error_codes":[2]}`,
			&OAuthError{Service: "Svc", Status: 400, Code: "x", Description: "AADSTS1: a", AADSTS: 2}},
		{"unreadable error_codes fall back to the description", 400, nil, `{"error":"x","error_description":"AADSTS65001: b","error_codes":"nope"}`,
			&OAuthError{Service: "Svc", Status: 400, Code: "x", Description: "AADSTS65001: b", AADSTS: 65001}},
		{"generator's plain-text 400", 400, map[string]string{"Content-Type": "text/plain; charset=utf-8"}, "missing 'aud' form parameter\n",
			&OAuthError{Service: "Svc", Status: 400, Description: "missing 'aud' form parameter"}},
		{"long plain text is cut", 500, nil, long,
			&OAuthError{Service: "Svc", Status: 500, Description: long[:2*MaxServerText] + "…"}},
		{"a token in the description is hidden", 400, nil, `{"error":"invalid_grant","error_description":"bad assertion ` + fakeJWT("u") + ` here"}`,
			&OAuthError{Service: "Svc", Status: 400, Code: "invalid_grant", Description: "bad assertion [token redacted] here"}},
		{"HTML error page", 502, html, "<html><body>Bad Gateway</body></html>",
			&ResponseError{Service: "Svc", Status: 502, Reason: "an HTML page instead of an error message"}},
		{"HTML without a Content-Type", 500, nil, "  <!DOCTYPE html><p>oops",
			&ResponseError{Service: "Svc", Status: 500, Reason: "an HTML page instead of an error message"}},
		{"empty body", 502, nil, " \n",
			&ResponseError{Service: "Svc", Status: 502, Reason: "an empty body"}},
		{"JSON without error", 500, nil, `{"message":"internal"}`,
			&ResponseError{Service: "Svc", Status: 500, Reason: `JSON without an "error" field`}},
		{"malformed JSON", 500, map[string]string{"Content-Type": "application/json"}, `{"error":`,
			&ResponseError{Service: "Svc", Status: 500, Reason: "malformed JSON instead of an OAuth error"}},
		{"binary", 500, nil, "\x00\x01\x02garbage",
			&ResponseError{Service: "Svc", Status: 500, Reason: "binary data instead of an error message"}},
		{"escape sequences become printable", 400, nil, `{"error":"bad\u001b[2J","error_description":"Eve\u001b]2;HACKED\u0007 says \u009bno\r\nmore","trace_id":"t\u001b"}`,
			&OAuthError{Service: "Svc", Status: 400, Code: "bad�[2J", Description: "Eve�]2;HACKED� says �no\nmore", TraceID: "t�"}},
		{"plain text with a lone CR", 400, nil, "half\rway",
			&OAuthError{Service: "Svc", Status: 400, Description: "half�way"}},
		{"a redirect to a URL with a C1 control", 302, map[string]string{"Location": "https://login.example/\u009b2J"}, "",
			&ResponseError{Service: "Svc", Status: 302, Reason: "a redirect to https://login.example/%C2%9B2J, which is not followed"}},
		{"redirect", 302, map[string]string{"Location": "https://login.example/authorize?state=s3cret"}, "",
			&ResponseError{Service: "Svc", Status: 302, Reason: "a redirect to https://login.example/authorize, which is not followed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			got := svc.failure(reply{status: tc.status, header: h, body: []byte(tc.body)}, nil)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("failure() =\n %#v\nwant\n %#v", got, tc.want)
			}
			if strings.ContainsAny(got.Error(), "\x1b\x07\r\u009b") {
				t.Errorf("Error() holds control characters: %q", got.Error())
			}
		})
	}
}

func TestIssued(t *testing.T) {
	svc := service{name: "Svc"}
	tok := fakeJWT("a")
	for _, tc := range []struct {
		name    string
		body    string
		want    Issued
		wantErr string
	}{
		{"Entra success", `{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"` + tok + `"}`, Issued{tok, 3599 * time.Second}, ""},
		{"indented generator JSON", "{\n  \"access_token\": \"" + tok + "\",\n  \"expires_in\": 3899\n}", Issued{tok, 3899 * time.Second}, ""},
		{"expires_in as a string", `{"access_token":"` + tok + `","expires_in":"3600"}`, Issued{tok, time.Hour}, ""},
		{"no expires_in", `{"access_token":"` + tok + `"}`, Issued{tok, 0}, ""},
		{"junk expires_in", `{"access_token":"` + tok + `","expires_in":"soon"}`, Issued{tok, 0}, ""},
		{"zero expires_in", `{"access_token":"` + tok + `","expires_in":0}`, Issued{tok, 0}, ""},
		{"negative expires_in", `{"access_token":"` + tok + `","expires_in":-60}`, Issued{tok, 0}, ""},
		{"absurd expires_in", `{"access_token":"` + tok + `","expires_in":1e15}`, Issued{tok, 0}, ""},
		{"expires_in beyond a day", `{"access_token":"` + tok + `","expires_in":86401}`, Issued{tok, 0}, ""},
		{"no access_token", `{"expires_in":3599}`, Issued{}, "no access_token in the answer"},
		{"blank access_token", `{"access_token":"  "}`, Issued{}, "no access_token in the answer"},
		{"not JSON", "alive", Issued{}, "not a JSON token answer"},
		{"access_token not a string", `{"access_token":42}`, Issued{}, "not a JSON token answer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := svc.issued(reply{status: 200, header: http.Header{}, body: []byte(tc.body)}, nil)
			if tc.wantErr != "" {
				want := &ResponseError{Service: "Svc", Status: 200, Reason: tc.wantErr}
				if !reflect.DeepEqual(err, want) {
					t.Fatalf("err = %#v, want %#v", err, want)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("issued() = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
