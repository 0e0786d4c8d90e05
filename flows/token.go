package flows

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token is a decoded (not verified) JWT access token.
type Token struct {
	Raw    string
	Header Header
	Claims map[string]any
	// IssuedAt, NotBefore and ExpiresAt are zero when the claim is absent.
	IssuedAt, NotBefore, ExpiresAt time.Time
}

// Header is the JOSE header fields a user cares about.
type Header struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ"`
}

// DecodeError says which part of a supposed JWT could not be read.
type DecodeError struct {
	Part   string // "token", "header", "payload", "signature"
	Reason string
}

// Error names the part that failed, never the token text.
func (e *DecodeError) Error() string {
	if e.Part == "token" {
		return "not a JWT: " + e.Reason
	}
	return "not a JWT: the " + e.Part + " " + e.Reason
}

// Decode reads a JWT without verifying its signature: entratoken shows
// tokens, the API that receives them verifies them.
//
// Every part must be base64url text (the signature may be empty, as for
// alg none), not just the two it reads: a token is printed into shell
// exports, curl configs and headers, so a service that answers with quotes
// or a command in the signature must be refused here, before the token is
// cached or printed. The header fields are made Printable for display.
func Decode(raw string) (*Token, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, &DecodeError{Part: "token", Reason: "the value is empty"}
	}
	parts := strings.Split(raw, ".")
	if len(parts) == 5 {
		return nil, &DecodeError{Part: "token", Reason: "it is an encrypted token (JWE, 5 parts), whose claims only its recipient can read"}
	}
	if len(parts) != 3 {
		return nil, &DecodeError{Part: "token", Reason: fmt.Sprintf("a JWT has 3 parts separated by '.', this has %d", len(parts))}
	}
	for i, name := range [3]string{"header", "payload", "signature"} {
		if err := checkSegment(parts[i], name != "signature"); err != nil {
			return nil, &DecodeError{Part: name, Reason: err.Error()}
		}
	}
	var h Header
	if err := decodeSegment(parts[0], &h); err != nil {
		return nil, &DecodeError{Part: "header", Reason: err.Error()}
	}
	claims := map[string]any{}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, &DecodeError{Part: "payload", Reason: err.Error()}
	}
	h = Header{Alg: Printable(h.Alg), Kid: Printable(h.Kid), Typ: Printable(h.Typ)}
	t := &Token{Raw: raw, Header: h, Claims: claims}
	for name, dst := range map[string]*time.Time{"iat": &t.IssuedAt, "nbf": &t.NotBefore, "exp": &t.ExpiresAt} {
		v, ok := claims[name]
		if !ok {
			continue
		}
		n, ok := v.(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			return nil, &DecodeError{Part: "payload", Reason: fmt.Sprintf("claim %s is not a number of seconds", name)}
		}
		if f < 0 || f >= maxUnix {
			return nil, &DecodeError{Part: "payload", Reason: fmt.Sprintf("claim %s (%s) is not a time between 1970 and 9999", name, Shorten(n.String(), 30))}
		}
		*dst = time.Unix(int64(f), 0)
	}
	return t, nil
}

// maxUnix is 10000-01-01 in Unix seconds: a time claim from there on does
// not fit a time anyone can print.
const maxUnix = 253402300800

// checkSegment allows only the base64url alphabet without padding
// (RFC 7515 §2), and an empty segment only when it may be empty.
func checkSegment(seg string, required bool) error {
	if seg == "" && required {
		return errors.New("is empty")
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("is not base64url (bad character at %d)", i)
		}
	}
	return nil
}

func decodeSegment(seg string, v any) error {
	b, err := jwt.NewParser().DecodeSegment(seg)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return fmt.Errorf("is not base64url (bad byte at %d)", int64(ce))
		}
		return errors.New("is not base64url")
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errors.New("is not a JSON object")
	}
	return nil
}

// IsApp reports whether this is a machine (client credentials) token:
// Entra sets idtyp=app exactly then.
func (t *Token) IsApp() bool { return t.Claim("idtyp") == "app" }

// Claim returns a claim as a string ("" when absent; arrays joined by ", ").
func (t *Token) Claim(name string) string {
	v, ok := t.Claims[name]
	if !ok {
		return ""
	}
	return FormatValue(v)
}

// Strings returns an array claim (roles, groups) or a space-separated one
// (scp) as a list.
func (t *Token) Strings(name string) []string {
	switch v := t.Claims[name].(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, FormatValue(x))
		}
		return out
	case string:
		return strings.Fields(Printable(v))
	}
	return nil
}

// Lifetime is exp − iat (or exp − nbf), zero when unknown.
func (t *Token) Lifetime() time.Duration {
	start := t.IssuedAt
	if start.IsZero() {
		start = t.NotBefore
	}
	if start.IsZero() || t.ExpiresAt.IsZero() {
		return 0
	}
	return t.ExpiresAt.Sub(start)
}

// TimeLeft is how long until exp at now; negative once expired.
func (t *Token) TimeLeft(now time.Time) time.Duration {
	if t.ExpiresAt.IsZero() {
		return 0
	}
	return t.ExpiresAt.Sub(now)
}

// Expired reports whether the token has less than margin left at now.
func (t *Token) Expired(now time.Time, margin time.Duration) bool {
	return t.ExpiresAt.IsZero() || t.TimeLeft(now) < margin
}

// ClaimRow is one claim ready to show: its name, value and meaning.
type ClaimRow struct {
	Name    string
	Value   string
	Meaning string
	// Time is set for iat, nbf and exp.
	Time time.Time
}

// Rows lists every claim, the well-known ones first in a sensible order,
// then the rest alphabetically.
func (t *Token) Rows() []ClaimRow {
	names := make([]string, 0, len(t.Claims))
	for n := range t.Claims {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		oi, oj := claimOrder(names[i]), claimOrder(names[j])
		if oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	rows := make([]ClaimRow, 0, len(names))
	for _, n := range names {
		r := ClaimRow{Name: Printable(n), Value: FormatValue(t.Claims[n]), Meaning: ExplainClaim(n, t.Claims[n])}
		switch n {
		case "iat":
			r.Time = t.IssuedAt
		case "nbf":
			r.Time = t.NotBefore
		case "exp":
			r.Time = t.ExpiresAt
		}
		rows = append(rows, r)
	}
	return rows
}

// FormatValue renders a claim value for display: strings as-is, arrays
// joined by ", ", objects as compact JSON, all made Printable, since a
// claim is whatever the issuer (or a forger) put there.
func FormatValue(v any) string { return Printable(formatValue(v)) }

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, ", ")
	case nil:
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// ClaimsJSON is the claims as indented JSON, for copying: lossless, with
// every control character escaped (see EscapeJSON).
func (t *Token) ClaimsJSON() string {
	b, _ := json.MarshalIndent(t.Claims, "", "  ")
	return string(EscapeJSON(b))
}

// RawHeader is the header as the token has it, without Printable, for
// lossless JSON output; Header is the one to show.
func (t *Token) RawHeader() Header {
	var h Header
	seg, _, _ := strings.Cut(t.Raw, ".")
	_ = decodeSegment(seg, &h) // Decode read this segment already
	return h
}
