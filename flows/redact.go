package flows

import (
	"net/url"
	"regexp"
	"strings"
)

// jwtShape finds anything that looks like a JWT (a base64url JSON header,
// then two more parts), so a service that echoes a token in its error text
// cannot make us show it.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// ContainsJWT reports whether text holds anything JWT-shaped, by the same
// rule Redact uses; the config uses it to refuse tokens pasted into it.
func ContainsJWT(text string) bool { return jwtShape.MatchString(text) }

// Redact removes every given secret (as is and form-encoded) and anything
// JWT-shaped from text that is about to be shown or logged. The flows keep
// secrets out of their errors with it, and the UI runs it again over what it
// shows, so both apply the same rule.
func Redact(text string, secrets ...string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		text = strings.ReplaceAll(text, sec, "[redacted]")
		text = strings.ReplaceAll(text, url.QueryEscape(sec), "[redacted]")
	}
	return jwtShape.ReplaceAllString(text, "[token redacted]")
}
