package flows

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	aadstsCode    = regexp.MustCompile(`AADSTS(\d+)`)
	traceID       = regexp.MustCompile(`\s*Trace ID: ?([0-9A-Fa-f-]+)`)
	correlationID = regexp.MustCompile(`\s*Correlation ID: ?([0-9A-Fa-f-]+)`)
	entraTime     = regexp.MustCompile(`\s*Timestamp: ?\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d:\d\d(?:\.\d+)?Z?)?`)
)

// withoutIDs drops the trace and correlation IDs, and Entra's timestamp
// beside them, from an error text whose IDs are shown on their own. Each
// leaves a blank behind, so the text on its two sides is never joined
// into something new (such as a secret a service split around an ID).
func withoutIDs(text string) string {
	for _, re := range []*regexp.Regexp{traceID, correlationID, entraTime} {
		text = re.ReplaceAllString(text, " ")
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// clean is what every string a service sends goes through before it is
// shown or kept: secrets and tokens out, control characters made
// printable, then cut to the one length cap. In that order, so a secret
// that straddles the cut is still found whole.
func clean(text string, secrets []string) string {
	return Shorten(Printable(Redact(text, secrets...)), MaxServerText)
}

// postForm POSTs form as application/x-www-form-urlencoded. The form holds
// secrets, so it is never part of an error; secrets are cleaned out of
// whatever the service answers.
func (s service) postForm(ctx context.Context, client *http.Client, endpoint string, form url.Values, secrets []string) (reply, error) {
	req, err := s.newRequest(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(client, req, secrets)
}

// issued reads an OAuth token answer. secrets are values of the request
// that must not show up in an error even if the service echoes them.
func (s service) issued(r reply, secrets []string) (Issued, error) {
	if !r.ok() {
		return Issued{}, s.failure(r, secrets)
	}
	return s.tokenJSON(r)
}

// tokenJSON reads {"access_token": "...", "expires_in": n}; expires_in may
// be missing, a number or a numeric string.
func (s service) tokenJSON(r reply) (Issued, error) {
	var body struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		return Issued{}, s.unusable(r, "not a JSON token answer")
	}
	tok := strings.TrimSpace(body.AccessToken)
	if tok == "" {
		return Issued{}, s.unusable(r, "no access_token in the answer")
	}
	exp, _ := ParseExpiresIn(body.ExpiresIn)
	return Issued{AccessToken: tok, ExpiresIn: exp}, nil
}

// failure explains a non-2xx answer: 429 or 503 is *BusyError; an OAuth
// JSON error or a readable plain-text one becomes *OAuthError; anything
// else *ResponseError. Every text taken from the answer is cleaned.
func (s service) failure(r reply, secrets []string) error {
	text := strings.TrimSpace(string(r.body))
	switch {
	case r.status == http.StatusTooManyRequests || r.status == http.StatusServiceUnavailable:
		return &BusyError{Service: s.name, Status: r.status, RetryAfter: retryAfter(r.header.Get("Retry-After"), time.Now())}
	case r.status >= 300 && r.status < 400:
		return s.unusable(r, "a redirect to "+clean(withoutQuery(r.header.Get("Location")), secrets)+", which is not followed")
	case r.isJSON():
		return s.jsonFailure(r, secrets)
	case text == "":
		return s.unusable(r, "an empty body")
	case r.isHTML():
		return s.unusable(r, "an HTML page instead of an error message")
	case !readable(text):
		return s.unusable(r, "binary data instead of an error message")
	}
	return &OAuthError{Service: s.name, Status: r.status, Description: clean(text, secrets)}
}

// jsonFailure reads {"error", "error_description", "error_codes",
// "trace_id", "correlation_id", "error_uri"}. Texas and the generator drop
// all but the first two; then the code and IDs come out of the
// description. The texts are cleaned here, where they enter, so every
// screen shows them safely.
func (s service) jsonFailure(r reply, secrets []string) error {
	var body struct {
		Error         string          `json:"error"`
		Description   string          `json:"error_description"`
		Codes         json.RawMessage `json:"error_codes"`
		TraceID       string          `json:"trace_id"`
		CorrelationID string          `json:"correlation_id"`
		URI           string          `json:"error_uri"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		return s.unusable(r, "malformed JSON instead of an OAuth error")
	}
	if body.Error == "" {
		return s.unusable(r, `JSON without an "error" field`)
	}
	if body.TraceID == "" {
		body.TraceID = submatch(traceID, body.Description)
	}
	if body.CorrelationID == "" {
		body.CorrelationID = submatch(correlationID, body.Description)
	}
	e := &OAuthError{
		Service:       s.name,
		Status:        r.status,
		Code:          clean(body.Error, secrets),
		Description:   clean(body.Description, secrets),
		AADSTS:        firstCode(body.Codes),
		TraceID:       clean(body.TraceID, secrets),
		CorrelationID: clean(body.CorrelationID, secrets),
		URI:           clean(body.URI, secrets),
	}
	if e.AADSTS == 0 {
		if m := aadstsCode.FindStringSubmatch(body.Description); m != nil {
			e.AADSTS, _ = strconv.Atoi(m[1])
		}
	}
	return e
}

// firstCode is the first of Entra's error_codes, read leniently; 0 if none.
func firstCode(raw json.RawMessage) int {
	var codes []json.Number
	if json.Unmarshal(raw, &codes) != nil || len(codes) == 0 {
		return 0
	}
	n, err := strconv.Atoi(codes[0].String())
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func submatch(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func (s service) unusable(r reply, reason string) *ResponseError {
	return &ResponseError{Service: s.name, Status: r.status, Reason: Printable(reason)}
}

// readable reports text a person can read: valid UTF-8 without control
// characters other than line breaks and tabs.
func readable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// withoutQuery shows where a redirect points without its query, which may
// carry state or codes.
func withoutQuery(location string) string {
	if location == "" {
		return "nowhere"
	}
	u, err := url.Parse(location)
	if err != nil {
		return "an unreadable location"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}
