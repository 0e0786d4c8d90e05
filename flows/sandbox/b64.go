package sandbox

import (
	"fmt"
	"strings"
)

// b64Decode is base64 0.22's URL_SAFE_NO_PAD decode (GeneralPurpose
// engine: complete_quads_len, decode_chunk, decode_suffix), with its
// error in jsonwebtoken's words ("Base64 error: …").
func b64Decode(s string) ([]byte, string) {
	fail := func(format string, args ...any) ([]byte, string) {
		return nil, "Base64 error: " + fmt.Sprintf(format, args...)
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	rem := len(s) % 4
	if rem == 1 && s[len(s)-1] != '=' && strings.IndexByte(alphabet, s[len(s)-1]) < 0 {
		return fail("Invalid symbol %d, offset %d.", s[len(s)-1], len(s)-1)
	}
	body := len(s) - rem
	if rem == 0 {
		body = max(0, len(s)-4)
	}
	for i := range body {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return fail("Invalid symbol %d, offset %d.", s[i], i)
		}
	}
	pads, firstPad, morsels := 0, 0, 0
	for i := body; i < len(s); i++ {
		switch {
		case s[i] == '=' && i-body < 2:
			return fail("Invalid symbol %d, offset %d.", s[i], i)
		case s[i] == '=':
			if pads == 0 {
				firstPad = i
			}
			pads++
		case pads > 0:
			return fail("Invalid symbol %d, offset %d.", '=', firstPad)
		case strings.IndexByte(alphabet, s[i]) < 0:
			return fail("Invalid symbol %d, offset %d.", s[i], i)
		default:
			morsels++
		}
	}
	if len(s) > 0 && morsels < 2 {
		return fail("Invalid input length: %d", body+morsels)
	}
	if pads > 0 {
		return fail("Invalid padding")
	}
	var out []byte
	var acc, bits uint
	for i := range len(s) {
		acc = acc<<6 | uint(strings.IndexByte(alphabet, s[i]))
		bits += 6
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if acc&(1<<bits-1) != 0 {
		return fail("Invalid last symbol %d, offset %d.", s[len(s)-1], len(s)-1)
	}
	return out, ""
}
