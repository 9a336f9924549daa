#include <gtest/gtest.h>

#include "protocol/alloys.h"
#include "util/error.h"

using namespace rejuv;

TEST(Alloys, ParsesCompositions) {
  const auto c = protocol::parse_composition("Zr50Cu40Al10");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].first, "Zr");
  EXPECT_EQ(c[2].second, 10.0);
  EXPECT_EQ(protocol::parse_composition("Pd82Si18")[1].first, "Si");
  EXPECT_THROW(protocol::parse_composition("Zr50Cu40"), InputError);   // 90, not 100
  EXPECT_THROW(protocol::parse_composition("zr50cu50"), InputError);
  EXPECT_THROW(protocol::parse_composition("ZrCu50"), InputError);
}

TEST(Alloys, BuiltinsResolveTheirPotentials) {
  // CTest sets REJUV_POTENTIAL_PATH to ../shared/potentials.
  for (const char* name : {"CuZr-FS", "AlFe-FS", "ZrCuAl", "PdSi", "NiP", "LaAl"}) {
    const auto a = protocol::builtin_alloy(name, ".");
    double sum = 0;
    for (double f : a.fractions) sum += f;
    EXPECT_NEAR(sum, 1.0, 1e-12) << name;
    EXPECT_EQ(a.elements.size(), a.fractions.size()) << name;
    EXPECT_GT(a.number_density, 0.0) << name;
  }
  const auto laal = protocol::builtin_alloy("LaAl", ".");
  EXPECT_EQ(laal.elements, (std::vector<std::string>{"La", "Al"}));
  EXPECT_DOUBLE_EQ(laal.fractions[1], 0.9);
}

TEST(Alloys, UnknownOrUserSuppliedAlloysSayWhatToDo) {
  try {
    protocol::builtin_alloy("CuZr-LJ", ".");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("parameter values"), std::string::npos);
  }
  EXPECT_THROW(protocol::builtin_alloy("ZrPt", "."), InputError);
  try {
    protocol::builtin_alloy("Unobtainium", ".");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("CuZr-FS"), std::string::npos) << e.what();
  }
}

// A run's record of its alloy (part of every task's identity) carries the
// opt-in faster tables when they are on, and is unchanged when they are not
// (so that finished results from before the key stay valid).
TEST(Alloys, RecordCarriesThePairTableStrideWhenOn) {
  auto a = protocol::builtin_alloy("CuZr-FS", ".");
  const auto plain = protocol::alloy_record(a);
  EXPECT_FALSE(plain.contains("pair_table_stride"));
  a.potential.pair_table_stride = 4;
  const auto fast = protocol::alloy_record(a);
  EXPECT_EQ(fast["pair_table_stride"].get<int>(), 4);
  EXPECT_NE(fast.dump(), plain.dump());
}
