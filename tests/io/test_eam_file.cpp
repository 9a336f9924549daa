#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "io/eam_file.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    return msg;
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

std::string nth_line_replaced(const std::string& text, int line, const std::string& with) {
  std::size_t start = 0;
  for (int k = 1; k < line; ++k) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  return text.substr(0, start) + with + text.substr(end);
}

}  // namespace

TEST(EamFile, ReadsEveryStudyFile) {
  const auto fs = io::read_setfl(test::lammps_potentials() + "/CuZr_mm.eam.fs", true);
  EXPECT_EQ(fs.elements, (std::vector<std::string>{"Cu", "Zr"}));
  EXPECT_EQ(fs.nrho, 10000);
  EXPECT_EQ(fs.rhor.size(), 4u);
  EXPECT_EQ(fs.z2r.size(), 3u);
  EXPECT_DOUBLE_EQ(fs.mass[0], 63.546);
  EXPECT_DOUBLE_EQ(fs.cutoff, 7.6);
  const auto zca = io::read_setfl(test::shared_potentials() + "/ZrCuAl2011.eam.alloy", false);
  EXPECT_EQ(zca.elements, (std::vector<std::string>{"Zr", "Cu", "Al"}));
  EXPECT_EQ(zca.z2r.size(), 6u);
  for (const char* f : {"PdSi.lammps.eam", "NiP.lammps.eam", "LaAl.lammps.eam"})
    EXPECT_NO_THROW(io::read_setfl(test::shared_potentials() + "/" + f, false)) << f;
  EXPECT_NO_THROW(io::read_setfl(test::shared_potentials() + "/Cu-Zr_2.eam.fs", true));
  EXPECT_NO_THROW(io::read_setfl(test::lammps_potentials() + "/AlFe_mm.eam.fs", true));
  const auto cu = io::read_funcfl(test::lammps_potentials() + "/Cu_u3.eam");
  EXPECT_EQ(cu.atomic_number, 29);
  EXPECT_EQ(cu.nr, 500);
  EXPECT_EQ(cu.zr.size(), 500u);
}

TEST(EamFile, MissingFile) {
  EXPECT_NE(error_of([] { io::read_setfl("/no/such/file.eam.alloy", false); }).find("cannot open"),
            std::string::npos);
}

TEST(EamFile, TruncatedFile) {
  const std::string text = test::read_text(test::lammps_potentials() + "/Cu_u3.eam");
  const std::string dir = test::temp_dir("eam_truncated");
  test::write_text(dir + "/Cu.eam", text.substr(0, text.size() / 2));
  const auto msg = error_of([&] { io::read_funcfl(dir + "/Cu.eam"); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_NE(msg.find(dir + "/Cu.eam"), std::string::npos) << msg;
}

TEST(EamFile, GridSizesDisagreeWithData) {
  const std::string text = test::read_text(test::lammps_potentials() + "/Cu_u3.eam");
  const std::string dir = test::temp_dir("eam_grid");
  // Header claims 490 values of F(rho) where the file has 500: the table ends mid-line.
  test::write_text(dir + "/Cu.eam", nth_line_replaced(text, 3,
      "  490  5.0100200400801306e-04  500  1.0000000000000009e-02  4.9499999999999886e+00"));
  auto msg = error_of([&] { io::read_funcfl(dir + "/Cu.eam"); });
  EXPECT_NE(msg.find("grid sizes"), std::string::npos) << msg;
  // Header claims fewer r points (multiple of the 5 per line): extra values are left at the end.
  test::write_text(dir + "/Cu2.eam", nth_line_replaced(text, 3,
      "  500  5.0100200400801306e-04  400  1.0000000000000009e-02  4.9499999999999886e+00"));
  msg = error_of([&] { io::read_funcfl(dir + "/Cu2.eam"); });
  EXPECT_NE(msg.find("Nrho and Nr"), std::string::npos) << msg;
  // Header line with 4 numbers.
  test::write_text(dir + "/Cu3.eam", nth_line_replaced(text, 3, "  500  5.0e-04  500  1.0e-02"));
  msg = error_of([&] { io::read_funcfl(dir + "/Cu3.eam"); });
  EXPECT_NE(msg.find(":3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected 5 numbers"), std::string::npos) << msg;
}

TEST(EamFile, NonNumberAndNaN) {
  const std::string text = test::read_text(test::lammps_potentials() + "/Cu_u3.eam");
  const std::string dir = test::temp_dir("eam_nan");
  test::write_text(dir + "/a.eam", nth_line_replaced(text, 10, " 1.0 2.0 nan 4.0 5.0"));
  auto msg = error_of([&] { io::read_funcfl(dir + "/a.eam"); });
  EXPECT_NE(msg.find(":10:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'nan'"), std::string::npos) << msg;
  test::write_text(dir + "/b.eam", nth_line_replaced(text, 10, " 1.0 2.0 x3 4.0 5.0"));
  msg = error_of([&] { io::read_funcfl(dir + "/b.eam"); });
  EXPECT_NE(msg.find("'x3'"), std::string::npos) << msg;
}

TEST(EamFile, SetflElementLineMustMatchCount) {
  const std::string text = test::read_text(test::shared_potentials() + "/ZrCuAl2011.eam.alloy");
  const std::string dir = test::temp_dir("eam_elements");
  test::write_text(dir + "/z.eam.alloy", nth_line_replaced(text, 4, "3 Zr Cu"));
  const auto msg = error_of([&] { io::read_setfl(dir + "/z.eam.alloy", false); });
  EXPECT_NE(msg.find(":4:"), std::string::npos) << msg;
}

TEST(EamFile, SetflReadAsFinnisSinclairFails) {
  // An eam/alloy file read as eam/fs runs out of values: the mistake is caught, not computed.
  EXPECT_THROW(io::read_setfl(test::shared_potentials() + "/ZrCuAl2011.eam.alloy", true), InputError);
}
