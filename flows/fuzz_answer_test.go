package flows

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// Whatever a service answers, the error that comes of it is one line of
// bounded length to show, without control characters and without the
// request's secret.
func FuzzFailure(f *testing.F) {
	const secret = "s3cr3tVALUE+/="
	for _, s := range []struct {
		status                  int
		body, location, retryIn string
	}{
		{400, `{"error":"invalid_client","error_description":"AADSTS7000215: bad ` + secret + `","trace_id":"t"}`, "", ""},
		{400, "plain s3cr3tVALUE%2b%2f%3d text", "", ""},
		{302, "", "https://login.example/s3cr3tVALUE%2B%2F%3D?state=x", ""},
		{503, "", "", "120"},
		{429, `{"error":"x"}`, "", "Wed, 21 Oct 2015 07:28:00 GMT"},
		{500, "<html>oops</html>", "", ""},
		{401, "\x00\x01binary", "", ""},
		{400, `{"error":"x","error_description":"s3cr3tVA Trace ID: 0LUE+/="}`, "", ""},
	} {
		f.Add(s.status, s.body, s.location, s.retryIn)
	}
	f.Fuzz(func(t *testing.T, status int, body, location, retryIn string) {
		h := http.Header{}
		h["Location"] = []string{location}
		h["Retry-After"] = []string{retryIn}
		err := (service{name: "Svc"}).failure(reply{status: status, header: h, body: []byte(body)}, []string{secret})
		msg := Explain(err).What
		for _, r := range msg {
			if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) {
				t.Fatalf("control character %U in %q", r, msg)
			}
		}
		if n := utf8.RuneCountInString(err.Error()); n > 2*MaxServerText+200 {
			t.Fatalf("error of %d characters", n)
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(msg, secret) {
			t.Fatalf("the secret is in %q", msg)
		}
	})
}
