// residents.csv: loaded beside the config, indexed by normalized phone number; a bad row is a
// warning with its file and line and is left out, never a reason to refuse the config.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/loader.hpp"
#include "daemon/config/residents_csv.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace {

using alarmd::config::load_file;
using alarmd::config::load_string;
using alarmd::test::temp_dir;

// The first line after R"( is line 1 of the file.
constexpr std::string_view residents_config = R"(site:
  buildings:
    - { id: B1 }
    - { id: B3 }
residents: { csv: "residents.csv" }
)";

[[nodiscard]] std::vector<std::string> warnings_of(const alarmd::config::config& cfg) {
    std::vector<std::string> out;
    for (const auto& w : cfg.warnings) {
        out.push_back(w.str());
    }
    return out;
}

TEST(ConfigResidents, LoadedRelativeToTheConfigFolder) {
    temp_dir dir;
    dir.write("alarmd.yaml", residents_config);
    dir.write("residents.csv",
              "\xEF\xBB\xBF"
              "building,unit,name,phone\r\n"
              "B1,301,孙丽,+8613900000301\r\n"
              "\r\n"
              "B3,1201,\"林, 芳\",+8613900004201\r\n");
    const auto loaded = load_file((dir.path() / "alarmd.yaml").string());
    ASSERT_TRUE(loaded) << loaded.error().items.at(0).str();
    const auto& entries = loaded->residents.entries;
    EXPECT_EQ(loaded->residents.csv, "residents.csv");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].building, "B1");
    EXPECT_EQ(entries[0].unit, "301");
    EXPECT_EQ(entries[0].name, "孙丽");
    EXPECT_EQ(entries[0].phone, "+8613900000301");
    EXPECT_EQ(entries[1].name, "林, 芳");
    EXPECT_TRUE(loaded->warnings.empty());
}

TEST(ConfigResidents, ACallerIsFoundByTheirNumberInAnyForm) {
    temp_dir dir;
    dir.write("residents.csv",
              "building,unit,name,phone\n"
              "B1,301,孙丽,+86 139 0000 0301\n"
              "B1,301,王强,010-8888 0301\n"  // a second number of the same unit
              "B3,1201,林芳,13900004201; 0871-6512 3456\n");
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_TRUE(loaded) << loaded.error().items.at(0).str();
    const auto& residents = loaded->residents;
    ASSERT_EQ(residents.entries.size(), 4u);
    EXPECT_EQ(residents.entries[0].phone, "+8613900000301");  // as it is sent an SMS
    for (const char* caller : {"+86 139 0000 0301", "008613900000301", "8613900000301",
                               "139-0000-0301", "013900000301", "13900000301"}) {
        const auto* r = residents.find_by_phone(caller);
        ASSERT_NE(r, nullptr) << caller;
        EXPECT_EQ(r->building, "B1") << caller;
        EXPECT_EQ(r->unit, "301") << caller;
        EXPECT_EQ(r->name, "孙丽") << caller;
    }
    for (const char* caller : {"01088880301", "+86 10 8888 0301", "1088880301"}) {
        const auto* r = residents.find_by_phone(caller);
        ASSERT_NE(r, nullptr) << caller;
        EXPECT_EQ(r->name, "王强") << caller;
    }
    ASSERT_NE(residents.find_by_phone("+86 871 6512 3456"), nullptr);
    EXPECT_EQ(residents.find_by_phone("+86 871 6512 3456")->unit, "1201");
    EXPECT_EQ(residents.find_by_phone("13900004201")->unit, "1201");
    EXPECT_EQ(residents.find_by_phone("13900009999"), nullptr);
    EXPECT_EQ(residents.find_by_phone("anonymous"), nullptr);
    EXPECT_EQ(residents.find_by_phone(""), nullptr);
}

TEST(ConfigResidents, BadRowsAreWarnedWithTheirLineAndTheGoodOnesLoad) {
    temp_dir dir;
    dir.write("residents.csv",
              "building,unit,name,phone\n"
              "B1,301,孙丽,+8613900000301\n"
              "B9,101,x,+8613900000101\n"
              "B1,302,only three\n"
              "B1,303,x,call me\n"
              "B1,,x,+8613900000304\n"
              "B1,305,\"x,+8613900000305\n"
              "B3,1201,林芳,13900004201\n"
              "B3,1202,y,139 0000 0301\n");
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_TRUE(loaded) << loaded.error().items.at(0).str();
    const std::string csv = (dir.path() / "residents.csv").string();
    EXPECT_EQ(warnings_of(*loaded),
              (std::vector<std::string>{
                  csv + ":3: unknown building 'B9'; the row is skipped",
                  csv + ":4: expected 4 fields (building,unit,name,phone), got 3; the row is "
                        "skipped",
                  csv + ":5: bad phone number 'call me' (digits with an optional leading +; "
                        "spaces, '-', '(', ')' and '.' allowed, e.g. +86 138 0000 0001); the "
                        "row is skipped",
                  csv + ":6: building, unit and phone are required; the row is skipped",
                  csv + ":7: a quote is not closed; the row is skipped",
                  csv + ":9: phone number '13900000301' is also on line 2; a caller with it is "
                        "taken for that row's unit",
              }));
    const auto& entries = loaded->residents.entries;
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].unit, "301");
    EXPECT_EQ(entries[1].unit, "1201");
    EXPECT_EQ(entries[2].unit, "1202");  // still notified for its own unit
    EXPECT_EQ(loaded->residents.find_by_phone("13900000301")->unit, "301");  // the first wins
    EXPECT_EQ(loaded->residents.find_by_phone("13900004201")->unit, "1201");
}

TEST(ConfigResidents, ABadNumberOfSeveralLeavesTheOthers) {
    temp_dir dir;
    dir.write("residents.csv",
              "building,unit,name,phone\n"
              "B1,301,孙丽,13900000301 / ask the guard / 010 8888 0301\n");
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->warnings.size(), 1u);
    EXPECT_EQ(loaded->warnings[0].line, 2);
    EXPECT_NE(loaded->warnings[0].message.find("'ask the guard'"), std::string::npos);
    ASSERT_EQ(loaded->residents.entries.size(), 2u);
    EXPECT_EQ(loaded->residents.entries[1].phone, "01088880301");
}

TEST(ConfigResidents, AWrongHeaderLoadsNothingAndWarns) {
    temp_dir dir;
    dir.write("residents.csv", "楼栋,单元,姓名,电话\nB1,301,x,+8613900000301\n");
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(loaded->residents.entries.empty());
    EXPECT_EQ(warnings_of(*loaded),
              (std::vector<std::string>{(dir.path() / "residents.csv").string() +
                                        ":1: expected the header line 'building,unit,name,phone'; "
                                        "no resident is loaded"}));
}

TEST(ConfigResidents, AnEmptyFileLoadsNothingAndWarns) {
    temp_dir dir;
    dir.write("residents.csv", "\n\n");
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(loaded->residents.entries.empty());
    ASSERT_EQ(loaded->warnings.size(), 1u);
    EXPECT_NE(loaded->warnings[0].message.find("empty file"), std::string::npos);
}

TEST(ConfigResidents, WarningsDoNotHideErrors) {
    temp_dir dir;
    dir.write("residents.csv", "building,unit,name,phone\nB9,1,x,13900000001\n");
    const std::string yaml = std::string(residents_config) + "bogus: 1\n";
    const auto loaded = load_string(yaml, "alarmd.yaml", dir.path().string());
    ASSERT_FALSE(loaded);
    ASSERT_EQ(loaded.error().items.size(), 1u);
    EXPECT_EQ(loaded.error().items[0].str(), "alarmd.yaml:6: unknown key 'bogus' at top level");
}

TEST(ConfigResidents, MissingFileIsAnErrorAtTheConfigLine) {
    temp_dir dir;
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_FALSE(loaded);
    ASSERT_EQ(loaded.error().items.size(), 1u);
    EXPECT_EQ(loaded.error().items[0].str(), "alarmd.yaml:5: residents.csv: cannot read '" +
                                                 (dir.path() / "residents.csv").string() +
                                                 "' (no such file)");
}

TEST(ConfigResidents, ADirectoryIsNotRead) {
    temp_dir dir;
    std::filesystem::create_directory(dir.path() / "residents.csv");
    const auto loaded = load_string(residents_config, "alarmd.yaml", dir.path().string());
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().items.at(0).message.find("(not a regular file)"), std::string::npos);
}

TEST(ResidentsCsv, EveryNumberOfAFieldIsARowOfItsOwnLine) {
    const auto csv = alarmd::config::parse_residents_csv(
        "building,unit,name,phone\nB1,301,x,\"138 0000 0001;139-0000-0002\"\n");
    EXPECT_TRUE(csv.header_ok);
    EXPECT_TRUE(csv.problems.empty());
    ASSERT_EQ(csv.rows.size(), 2u);
    EXPECT_EQ(csv.rows[0].line, 2);
    EXPECT_EQ(csv.rows[0].value.phone, "13800000001");
    EXPECT_EQ(csv.rows[1].line, 2);
    EXPECT_EQ(csv.rows[1].value.phone, "13900000002");
}

}  // namespace
