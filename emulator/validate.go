package emulator

import (
	"strings"
	"unicode/utf8"
)

// Limits on values (decided here; the service documents none of them).
const (
	maxCodeLen        = 10  // access codes: 1-10 digits
	maxDescriptionLen = 255 // access code description
	maxNameLen        = 80  // digit pattern name
	maxPatternLen     = 40  // digit pattern
	maxNumberLen      = 40  // transfer number, formatting included
)

// validAccessCode: 1-10 ASCII digits.
func validAccessCode(s string) bool {
	if len(s) == 0 || len(s) > maxCodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validPattern: an optional leading '+', then one or more of 0-9 X * #, then
// an optional trailing '!' (any further digits).
func validPattern(s string) bool {
	if len(s) == 0 || len(s) > maxPatternLen {
		return false
	}
	s = strings.TrimPrefix(s, "+")
	s = strings.TrimSuffix(s, "!")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != 'X' && c != '*' && c != '#' {
			return false
		}
	}
	return true
}

// validTransferNumber: "" (clear), or digits with an optional leading '+'
// and '-', ' ', '(' ')' as formatting; 2-20 digits.
func validTransferNumber(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > maxNumberLen {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == '-' || c == ' ' || c == '(' || c == ')':
		default:
			return false
		}
	}
	return digits >= 2 && digits <= 20
}

// validName: 1-80 characters, not only spaces.
func validName(s string) bool {
	return strings.TrimSpace(s) != "" && utf8.RuneCountInString(s) <= maxNameLen && utf8.ValidString(s)
}

// validDescription: 1-255 characters, not only spaces (the API requires a description;
// a blank one is taken as missing).
func validDescription(s string) bool {
	return strings.TrimSpace(s) != "" && utf8.RuneCountInString(s) <= maxDescriptionLen && utf8.ValidString(s)
}
