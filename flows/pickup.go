package flows

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"time"
)

// SessionCookie is the login proxy's (wonderwall's) session cookie on the
// generator's host.
const SessionCookie = "io.nais.wonderwall.session"

// Picked is what entratoken understood from pasted or copied text: a token,
// or the generator's session cookie value.
type Picked struct {
	Token *Token
	// ExpiresIn is set when the text was the generator's JSON.
	ExpiresIn time.Duration
	Session   string
}

// ErrNothingFound means the text holds no token and no session cookie. Its
// wording is the login screen's; a command that reads other input says
// what it takes instead (errors.Is finds it).
var ErrNothingFound = errors.New("no token or session cookie found: paste the JSON azure-token-generator shows, a token, or the io.nais.wonderwall.session cookie")

// errEmptyCookie is "io.nais.wonderwall.session=" with nothing after it,
// usually a copy of the cookie's name without its value.
var errEmptyCookie = errors.New("the " + SessionCookie + " cookie is empty: copy its value from the browser's cookies for the generator's site")

// cookieValue is the charset of a cookie value (RFC 6265) without quotes.
var cookieValue = regexp.MustCompile(`^[!#-+\--:<-\[\]-~]+$`)

// Pickup understands what a user copies after a browser login: the
// generator's JSON, a bare JWT, "Bearer <jwt>", "Authorization: Bearer
// <jwt>" (a token may be wrapped across lines), or the session cookie as
// "io.nais.wonderwall.session=<value>" or a "Cookie:" header line. Text that
// is clearly a try at a token gets Decode's error, naming the broken part.
// A bare cookie value is too ambiguous to guess from a clipboard;
// PickupSession accepts it when the user says it is one.
func Pickup(text string) (Picked, error) {
	s := strings.TrimSpace(text)
	if strings.HasPrefix(s, "{") {
		return pickupJSON(s)
	}
	if v, ok := cookieFrom(s); ok {
		switch {
		case v == "":
			return Picked{}, errEmptyCookie
		case !cookieValue.MatchString(v):
			return Picked{}, errBadSession
		}
		return Picked{Session: v}, nil
	}
	s = withoutBearer(s)
	if tokenText(s) {
		s = strings.Join(strings.Fields(s), "") // a token wrapped across lines
	}
	// Two dots, or only token characters with a dot, is a try at a token:
	// Decode then says which part is wrong. Anything else is something else.
	if strings.ContainsAny(s, " \t\r\n") || !strings.Contains(s, ".") ||
		(strings.Count(s, ".") != 2 && !tokenText(s)) {
		return Picked{}, ErrNothingFound
	}
	tok, err := Decode(s)
	if err != nil {
		return Picked{}, err
	}
	return Picked{Token: tok}, nil
}

// withoutBearer strips "Authorization:" and "Bearer " in front of a token.
func withoutBearer(s string) string {
	if name, rest, ok := strings.Cut(s, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "authorization") {
		s = strings.TrimSpace(rest)
	}
	const bearer = "bearer"
	if len(s) > len(bearer) && strings.EqualFold(s[:len(bearer)], bearer) && strings.ContainsRune(" \t\r\n", rune(s[len(bearer)])) {
		s = strings.TrimSpace(s[len(bearer):])
	}
	return s
}

// tokenText reports text made only of base64url characters, dots and
// whitespace: a JWT, perhaps wrapped by a terminal or a mail client.
func tokenText(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9',
			r == '-', r == '_', r == '.', r == ' ', r == '\t', r == '\r', r == '\n':
		default:
			return false
		}
	}
	return true
}

// PickupSession is Pickup that also takes a bare cookie value, for places
// where the user was asked for the session cookie.
func PickupSession(text string) (Picked, error) {
	p, err := Pickup(text)
	if err == nil || errors.Is(err, errEmptyCookie) || errors.Is(err, errBadSession) {
		return p, err
	}
	s := strings.TrimSpace(text)
	if len(s) >= 16 && len(s) <= 4096 && strings.Count(s, ".") != 2 && cookieValue.MatchString(s) {
		return Picked{Session: s}, nil
	}
	return Picked{}, err
}

// Where only the session cookie is asked for (entratoken login), what
// else a user is likely to give is named, with what to give instead.
var (
	// ErrTokenNotSession is an access token, or the generator's JSON,
	// given where the session is asked for.
	ErrTokenNotSession = errors.New("that is an access token, not the login session: login needs the " + SessionCookie + " cookie")
	// ErrSessionDetails is the JSON of GET /oauth2/session, the page the
	// login leads to: it describes the session, but its cookie is not in it.
	ErrSessionDetails = errors.New("that is what the page shows about the session, not its cookie: copy the " + SessionCookie + " cookie from the browser's developer tools (Application or Storage, Cookies)")
	// ErrNoCookie is text that holds no session cookie at all.
	ErrNoCookie = errors.New("no " + SessionCookie + " cookie in what was given: give its value, " + SessionCookie + "=<value>, or a Cookie: line")
)

// PickupCookie finds the session cookie in what a user gave where only
// it is asked for: its bare value, name=value or a Cookie: line, as
// PickupSession takes them. A token, the generator's JSON or the session's
// details are not a session, and get an error that says so.
func PickupCookie(text string) (string, error) {
	p, err := PickupSession(text)
	switch {
	case err == nil && p.Token != nil:
		return "", ErrTokenNotSession
	case err == nil:
		return p.Session, nil
	case sessionDetails(text):
		return "", ErrSessionDetails
	case strings.Contains(text, SessionCookie):
		return "", err // it names the cookie: the error says what is wrong with it
	}
	return "", ErrNoCookie
}

// sessionDetails reports the JSON of GET /oauth2/session: an object with
// a "session" object in it.
func sessionDetails(text string) bool {
	var body struct {
		Session map[string]json.RawMessage `json:"session"`
	}
	s := strings.TrimSpace(text)
	return strings.HasPrefix(s, "{") && json.Unmarshal([]byte(s), &body) == nil && body.Session != nil
}

func pickupJSON(s string) (Picked, error) {
	var body struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal([]byte(s), &body); err != nil {
		return Picked{}, errors.New(`the JSON is incomplete or malformed: it must be the whole answer azure-token-generator shows, {"access_token": …}`)
	}
	if body.AccessToken == "" {
		return Picked{}, errors.New(`the JSON has no access_token: it must be the answer azure-token-generator shows, {"access_token": …}`)
	}
	tok, err := Decode(body.AccessToken)
	if err != nil {
		return Picked{}, err
	}
	secs, _ := ParseExpiresIn(body.ExpiresIn)
	return Picked{Token: tok, ExpiresIn: secs}, nil
}

// cookieFrom finds the session cookie in "name=value", "a=b; name=value"
// or "Cookie: name=value; …"; ok is true when the cookie is named, even
// with an empty value.
func cookieFrom(s string) (string, bool) {
	if name, rest, ok := strings.Cut(s, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "cookie") {
		s = rest
	}
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && name == SessionCookie {
			return strings.Trim(strings.TrimSpace(value), `"`), true
		}
	}
	return "", false
}

// MaxKeep is the longest a token is kept or trusted to live by an
// expires_in: Entra's access tokens live about an hour, at most a day.
const MaxKeep = 24 * time.Hour

// ParseExpiresIn reads expires_in leniently: a number or a numeric string,
// as services disagree. ok is false when it is missing or unusable:
// not a number, zero, negative, or more than MaxKeep.
func ParseExpiresIn(raw json.RawMessage) (time.Duration, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" {
		return 0, false
	}
	var n json.Number = json.Number(s)
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || f <= 0 || f > MaxKeep.Seconds() {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}
