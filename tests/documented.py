"""What the tests know about the bundled data without asking the code: where it is, which programs it
holds, and figures worked out by hand from the program files (a helper module, not a test module)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDS = ["guopei-2021-2025", "henan-2021", "jiangxi-2022", "zhejiang-2021h2", "zhejiang-voc-2020"]

# Every teacher signs up, shows up and completes: a deterministic run then counts every seat in full.
FULL = {"participation_rate": 1, "attendance_rate": 1, "completion_rate": 1}

# Henan 2021 at full rates, read off data/programs/henan-2021.yaml: each track's seats, face-to-face
# days and online hours per trainee, and studios (paid once). Two-year tracks state days and hours
# for both years together ("两年 50 天", county_days 30 over the 2-year build), so no year factor.
#   track                  seats                      days                  hours                  studios
#   backbone               1000 backbone_quota        15 backbone_days      60 backbone_hours      100 backbone_studios
#   backbone-new-teachers  7500 new_teacher_quota      -                    50 new_teacher_hours     -
#   county-system           650 13 counties x 50      30 county_days       120 county_hours        130 county_studios_total
#   trainer                 150 trainer_quota         50 trainer_days      120 trainer_hours        15 trainer_studios
#   city-trainer            200 city_trainer_quota    20 city_trainer_days 100 city_trainer_hours    -
#   rural                  3000 rural_quota           15 rural_days         30 rural_hours           -
HENAN_PERSON_DAYS = 1000 * 15 + 650 * 30 + 150 * 50 + 200 * 20 + 3000 * 15  # 91,000
HENAN_PERSON_HOURS = 1000 * 60 + 7500 * 50 + 650 * 120 + 150 * 120 + 200 * 100 + 3000 * 30  # 641,000
HENAN_STUDIOS = 100 + 130 + 15  # 245
# fee_face 400 yuan/person-day, fee_online 3 yuan/person-hour, studio_grant 20,000 yuan/studio:
# 36,400,000 + 1,923,000 + 4,900,000 = 43,223,000 yuan
HENAN_COST_AT_FULL = HENAN_PERSON_DAYS * 400 + HENAN_PERSON_HOURS * 3 + HENAN_STUDIOS * 20_000
