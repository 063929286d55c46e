#include "sources/json/iso_timestamp.h"

namespace divolte::sources {
namespace {

constexpr int kMaxFractionDigits = 9;
constexpr int kMaxOffsetSeconds = 18 * 3600;  // java.time.ZoneOffset's range

// A cursor over the text; every reader returns false (and the parse fails) on a mismatch.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  bool Expect(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }

  // Reads exactly `count` ASCII digits as a number.
  bool Digits(int count, int* value) {
    int result = 0;
    for (int i = 0; i < count; ++i, ++pos_) {
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') return false;
      result = result * 10 + (text_[pos_] - '0');
    }
    *value = result;
    return true;
  }

  // Reads 1-9 fraction digits and returns their first three as milliseconds (truncated).
  bool FractionMillis(int* millis) {
    int digits = 0;
    int value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (++digits > kMaxFractionDigits) return false;
      if (digits <= 3) value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (digits == 0) return false;
    for (int i = digits; i < 3; ++i) value *= 10;
    *millis = value;
    return true;
  }

  // Reads one of `a` or `b` (the two cases of a letter).
  bool ExpectEither(char a, char b) { return Expect(a) || Expect(b); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// `Z`/`z`, `±hh:mm` or `±hh:mm:ss`, as seconds east of UTC.
bool ReadOffset(Reader& reader, int* offset_seconds) {
  if (reader.ExpectEither('Z', 'z')) {
    *offset_seconds = 0;
    return true;
  }
  int sign = 1;
  if (reader.Expect('-')) {
    sign = -1;
  } else if (!reader.Expect('+')) {
    return false;
  }
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  if (!reader.Digits(2, &hours) || !reader.Expect(':') || !reader.Digits(2, &minutes)) {
    return false;
  }
  if (reader.Expect(':') && !reader.Digits(2, &seconds)) return false;
  if (minutes > 59 || seconds > 59) return false;
  const int total = hours * 3600 + minutes * 60 + seconds;
  if (total > kMaxOffsetSeconds) return false;
  *offset_seconds = sign * total;
  return true;
}

}  // namespace

std::optional<int64_t> ParseIsoTimestamp(std::string_view text) {
  Reader reader(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!reader.Digits(4, &year) || !reader.Expect('-') || !reader.Digits(2, &month) ||
      !reader.Expect('-') || !reader.Digits(2, &day) || !reader.ExpectEither('T', 't') ||
      !reader.Digits(2, &hour) || !reader.Expect(':') || !reader.Digits(2, &minute)) {
    return std::nullopt;
  }
  if (reader.Expect(':')) {
    if (!reader.Digits(2, &second)) return std::nullopt;
    if (reader.Expect('.') && !reader.FractionMillis(&millis)) return std::nullopt;
  }
  int offset_seconds = 0;
  if (!ReadOffset(reader, &offset_seconds) || !reader.at_end()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  const int64_t seconds =
      DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  // The fraction is non-negative, so truncating it to milliseconds floors the whole value.
  return seconds * 1000 + millis;
}

}  // namespace divolte::sources
