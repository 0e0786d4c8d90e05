package sandbox

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// texasLeeway is the clock leeway of Texas's JWT validation
// (src/oauth/token.rs, Jwks::validator: validation.leeway = 60).
const texasLeeway = 60

// headerSchema is jsonwebtoken's Header (src/header.rs), enough of it to
// read what a token's header says.
var headerSchema = schema{name: "Header", fields: []field{
	{"typ", kOptString}, {"alg", kAlg}, {"cty", kOptString}, {"jku", kOptString}, {"jwk", kOptAny},
	{"kid", kOptString}, {"x5u", kOptString}, {"x5c", kOptAny}, {"x5t", kOptString}, {"x5t#S256", kOptString},
}}

// texasValidate checks a token as Texas's Entra ID provider does when it
// introspects for the app with client ID audience (src/oauth/token.rs,
// Jwks::validate, over jsonwebtoken 10.3's decode_header, decode and
// validate). It returns the claims, or Texas's reason in its words.
func texasValidate(signing keyPair, issuer, audience, raw string, now int64) (map[string]any, string) {
	header, payload, sig, ok := jwtParts(raw)
	if !ok {
		return nil, "invalid token header: InvalidToken"
	}
	h, reason := jwtHeader(header)
	if reason != "" {
		return nil, "invalid token header: " + reason
	}
	kid, _ := h["kid"].(*string)
	switch {
	case kid == nil:
		return nil, "missing key id from token header"
	case *kid != signing.kid:
		return nil, "token can not be validated with this identity provider"
	case h.str("alg") != "RS256":
		return nil, "invalid token: InvalidAlgorithm"
	}
	rawSig, reason := b64Decode(sig)
	if reason != "" {
		return nil, "invalid token: " + reason
	}
	sum := sha256.Sum256([]byte(raw[:len(raw)-len(sig)-1]))
	if rsa.VerifyPKCS1v15(&signing.priv.PublicKey, crypto.SHA256, sum[:], rawSig) != nil {
		return nil, "invalid token: InvalidSignature"
	}
	claims, reason := jwtClaims(payload)
	if reason != "" {
		return nil, "invalid token: " + reason
	}
	if reason := validateClaims(claims, issuer, audience, now); reason != "" {
		return nil, "invalid token: " + reason
	}
	return claims, ""
}

// jwtParts splits as jsonwebtoken does, from the right: the header is
// whatever precedes the last two dots.
func jwtParts(raw string) (header, payload, sig string, ok bool) {
	message, sig, ok := cutLast(raw)
	if !ok {
		return "", "", "", false
	}
	header, payload, ok = cutLast(message)
	return header, payload, sig, ok
}

func cutLast(s string) (string, string, bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// jwtHeader decodes a header (Header::from_encoded).
func jwtHeader(part string) (values, string) {
	b, reason := b64Decode(part)
	if reason != "" {
		return nil, reason
	}
	h, e := headerSchema.fromJSON(b)
	if e != nil {
		e.path = "" // serde_json::from_slice: no path
		return nil, "JSON error: " + e.Error()
	}
	return h, ""
}

// jwtClaims decodes the payload into a map (DecodedJwtPartClaims), numbers
// kept as they were written.
func jwtClaims(part string) (map[string]any, string) {
	b, reason := b64Decode(part)
	if reason != "" {
		return nil, reason
	}
	r := &jsonReader{b: b}
	var e *serdeError
	if c, ok := r.ws(); !ok {
		e = r.peekErr(errEOFValue)
	} else if c != '{' {
		e = r.invalidType("a map")
	} else if e = r.ignoreValue(); e == nil {
		if _, ok := r.ws(); ok {
			e = r.peekErr(errTrailChars)
		}
	}
	if e != nil {
		return nil, "JSON error: " + e.Error()
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	claims := map[string]any{}
	if err := dec.Decode(&claims); err != nil {
		return nil, "JSON error: " + err.Error()
	}
	return claims, ""
}

// validateClaims is jsonwebtoken's validate with Texas's Validation
// (required iss, exp, aud; exp and nbf with leeway; issuer; audience),
// then Texas's own check of iat.
func validateClaims(c map[string]any, issuer, audience string, now int64) string {
	exp, expOK := numericClaim(c, "exp")
	nbf, nbfOK := numericClaim(c, "nbf")
	for _, name := range []string{"iss", "exp", "aud"} {
		present := false
		switch name {
		case "exp":
			present = expOK == parsed
		default:
			present = stringsClaim(c[name]) != nil
		}
		if !present {
			return "Missing required claim: " + name
		}
	}
	switch {
	case expOK == failed:
		return "Invalid format for claim: exp"
	case nbfOK == failed:
		return "Invalid format for claim: nbf"
	case exp < uint64(now-texasLeeway):
		return "ExpiredSignature"
	case nbfOK == parsed && nbf > uint64(now+texasLeeway):
		return "ImmatureSignature"
	case !contains(stringsClaim(c["iss"]), issuer):
		return "InvalidIssuer"
	case !contains(stringsClaim(c["aud"]), audience):
		return "InvalidAudience"
	}
	if iat, ok := c["iat"].(json.Number); ok {
		if v, ok := u64Claim(iat); ok {
			if v > uint64(now+texasLeeway) {
				return "ImmatureSignature"
			}
			return ""
		}
	}
	return "Missing required claim: iat"
}

// How a numeric claim read (jsonwebtoken's TryParse).
const (
	absent = iota
	parsed
	failed
)

// numericClaim reads exp or nbf as jsonwebtoken's numeric_type does: a
// u64, or a finite non-negative float, rounded.
func numericClaim(c map[string]any, name string) (uint64, int) {
	v, ok := c[name]
	if !ok {
		return 0, absent
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, failed
	}
	if u, ok := u64Claim(n); ok {
		return u, parsed
	}
	s := n.String()
	if strings.HasPrefix(s, "-") && !strings.ContainsAny(s, ".eE") && s != "-0" {
		return 0, failed // an i64: numeric_type has no visit_i64
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f >= math.MaxUint64 {
		return 0, failed
	}
	return uint64(math.Round(f)), parsed
}

// u64Claim is serde_json's Value::as_u64: an integer written without a
// sign, fraction or exponent that fits in 64 bits.
func u64Claim(n json.Number) (uint64, bool) {
	if strings.ContainsAny(n.String(), ".eE-") {
		return 0, false
	}
	u, err := strconv.ParseUint(n.String(), 10, 64)
	return u, err == nil
}

// stringsClaim reads iss or aud: a string or an array of strings (Issuer,
// Audience); nil when it is neither.
func stringsClaim(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, s := range v {
			str, ok := s.(string)
			if !ok {
				return nil
			}
			out = append(out, str)
		}
		return out
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
