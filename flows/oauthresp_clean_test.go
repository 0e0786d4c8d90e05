package flows

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// A secret that straddles the length cap is still hidden: texts are
// cleaned first, then shortened.
func TestFailureCleansBeforeItShortens(t *testing.T) {
	const secret = "s3cr3tVALUE0123456789"
	text := strings.Repeat("x", MaxServerText-5) + " " + secret + " tail"
	for name, r := range map[string]reply{
		"plain text": {status: 400, header: http.Header{"Content-Type": {"text/plain"}}, body: []byte(text)},
		"JSON":       {status: 400, body: []byte(`{"error":"x","error_description":"` + text + `"}`)},
	} {
		err := (service{name: "Svc"}).failure(r, []string{secret})
		oe, ok := err.(*OAuthError)
		if !ok {
			t.Fatalf("%s: %#v", name, err)
		}
		if strings.Contains(oe.Description, secret[:3]) || !strings.HasSuffix(oe.Description, "…") {
			t.Errorf("%s: the cut left part of the secret: %q", name, oe.Description[MaxServerText-10:])
		}
	}
}

// Every string from the service has the one cap, and is cleaned: the
// error, the IDs, error_uri, a redirect's Location.
func TestFailureCleansEveryField(t *testing.T) {
	const secret = "sessSECRET0123456789abcdef"
	huge := strings.Repeat("é", 1<<16)
	body := `{"error":"` + huge + `","error_description":"` + huge + `","trace_id":"t ` + secret + `","correlation_id":"` + huge +
		`","error_uri":"https://x.example/` + secret + `"}`
	err := (service{name: "Svc"}).failure(reply{status: 400, body: []byte(body)}, []string{secret})
	oe := err.(*OAuthError)
	for field, v := range map[string]string{"error": oe.Code, "error_description": oe.Description, "trace_id": oe.TraceID,
		"correlation_id": oe.CorrelationID, "error_uri": oe.URI} {
		if n := utf8.RuneCountInString(v); n > MaxServerText+1 || strings.Contains(v, secret) {
			t.Errorf("%s: %d characters, %q", field, n, Shorten(v, 80))
		}
	}
	if oe.TraceID != "t [redacted]" || oe.URI != "https://x.example/[redacted]" {
		t.Errorf("trace_id %q, error_uri %q", oe.TraceID, oe.URI)
	}
	loc := "https://login.example/" + secret + "/" + strings.Repeat("a", 1<<12) + "?code=" + secret
	err = (service{name: "Svc"}).failure(reply{status: 302, header: http.Header{"Location": {loc}}}, []string{secret})
	if msg := err.Error(); strings.Contains(msg, secret) || len(msg) > 2*MaxServerText || !strings.Contains(msg, "https://login.example/[redacted]/aaa") {
		t.Errorf("redirect: %.300q", msg)
	}
}

func TestBusy(t *testing.T) {
	for _, tc := range []struct {
		status     int
		retryAfter string
		body       string
		want       string
	}{
		{429, "120", `{"error":"too_many_requests"}`, "Svc is busy (HTTP 429); try again in 2 min"},
		{503, "120", "", "Svc is busy (HTTP 503); try again in 2 min"},
		{503, "", "<html>down</html>", "Svc is busy (HTTP 503); try again later"},
		{503, "0", "", "Svc is busy (HTTP 503); try again later"},
		{503, "-5", "", "Svc is busy (HTTP 503); try again later"},
		{429, "999999999999", "", "Svc is busy (HTTP 429); try again later"},
		{429, "Wed, 21 Oct 2015 07:28:00 GMT", "", "Svc is busy (HTTP 429); try again later"},
		{429, "soon", "", "Svc is busy (HTTP 429); try again later"},
		{429, "7", "", "Svc is busy (HTTP 429); try again in 7 s"},
	} {
		h := http.Header{}
		if tc.retryAfter != "" {
			h.Set("Retry-After", tc.retryAfter)
		}
		err := (service{name: "Svc"}).failure(reply{status: tc.status, header: h, body: []byte(tc.body)}, nil)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%d Retry-After %q: %v, want %q", tc.status, tc.retryAfter, err, tc.want)
		}
	}
}
