// Renders raw float64 samples through a .nam file with NeuralAmpModelerCore, driven as Neural
// Amp Modeler's plugin drives it: the model loaded with nam::get_dsp, Reset (which prewarms
// it with zeros) at the model's sample rate, then process() on blocks of 64 samples.
//
//   nam_render MODEL.nam IN.f64 OUT.f64 [--fast-tanh]
//   nam_render MODEL.nam --bench SECONDS [--fast-tanh]
//
// IN and OUT are headerless little-endian float64, mono. Exact tanh unless --fast-tanh (the
// plugin's setting), so that the output can be compared with another implementation. With
// --bench, SECONDS of uniform noise (-0.5..0.5) at the model's rate are processed three times
// after one untimed pass, and the fastest pass's seconds are printed.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <fstream>
#include <iostream>
#include <vector>

#include <memory>

#include "NAM/activations.h"
#include "NAM/dsp.h"
#include "NAM/get_dsp.h"

static double bench(nam::DSP& model, double rate, double seconds, int block)
{
  std::mt19937 rng(0);
  std::uniform_real_distribution<double> noise(-0.5, 0.5);
  std::vector<NAM_SAMPLE> input(static_cast<size_t>(seconds * rate)), out(block);
  for (auto& x : input)
    x = static_cast<NAM_SAMPLE>(noise(rng));
  double best = 1e300;
  for (int pass = 0; pass < 4; pass++)
  {
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i + block <= input.size(); i += block)
    {
      NAM_SAMPLE* inPtr = input.data() + i;
      NAM_SAMPLE* outPtr = out.data();
      model.process(&inPtr, &outPtr, block);
    }
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (pass > 0 && took < best)
      best = took; // the first pass warms the caches
  }
  return best;
}

int main(int argc, char* argv[])
{
  const bool fast = argc >= 5 && std::strcmp(argv[argc - 1], "--fast-tanh") == 0;
  const int positional = fast ? argc - 1 : argc;
  const bool benching = positional == 4 && std::strcmp(argv[2], "--bench") == 0;
  if (positional != 4)
  {
    std::cerr << "usage: nam_render MODEL.nam IN.f64 OUT.f64 [--fast-tanh]\n"
                 "       nam_render MODEL.nam --bench SECONDS [--fast-tanh]\n";
    return 2;
  }
  if (fast)
    nam::activations::Activation::enable_fast_tanh();
  else
    nam::activations::Activation::disable_fast_tanh();
  std::unique_ptr<nam::DSP> model;
  try
  {
    model = nam::get_dsp(std::filesystem::path(argv[1]));
  }
  catch (const std::exception& e)
  {
    std::cerr << "nam_render: cannot load " << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
  if (!model || model->NumInputChannels() != 1 || model->NumOutputChannels() != 1)
  {
    std::cerr << "nam_render: cannot run " << argv[1] << " (mono in and out needed)\n";
    return 1;
  }
  const int block = 64;
  const double rate = model->GetExpectedSampleRate() > 0 ? model->GetExpectedSampleRate() : 48000.0;
  model->Reset(rate, block);
  if (benching)
  {
    char* end = nullptr;
    const double seconds = std::strtod(argv[3], &end);
    if (end == argv[3] || *end != '\0' || !(seconds * rate >= block) || seconds > 3600)
    {
      std::cerr << "nam_render: --bench needs seconds for at least one block, got " << argv[3] << "\n";
      return 2;
    }
    std::cout << bench(*model, rate, seconds, block) << "\n";
    return 0;
  }
  std::ifstream in(argv[2], std::ios::binary | std::ios::ate);
  const std::streamsize bytes = in ? static_cast<std::streamsize>(in.tellg()) : -1;
  if (bytes < 0 || bytes % sizeof(double) != 0)
  {
    std::cerr << "nam_render: " << argv[2] << " is not a file of float64 samples\n";
    return 1;
  }
  in.seekg(0);
  std::vector<double> input(static_cast<size_t>(bytes) / sizeof(double));
  in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size() * sizeof(double)));
  std::vector<NAM_SAMPLE> inBlock(block), outBlock(block);
  std::vector<double> output(input.size());
  for (size_t start = 0; start < input.size(); start += block)
  {
    const int n = static_cast<int>(std::min<size_t>(block, input.size() - start));
    for (int i = 0; i < n; i++)
      inBlock[i] = static_cast<NAM_SAMPLE>(input[start + i]);
    NAM_SAMPLE* inPtr = inBlock.data();
    NAM_SAMPLE* outPtr = outBlock.data();
    model->process(&inPtr, &outPtr, n);
    for (int i = 0; i < n; i++)
      output[start + i] = static_cast<double>(outBlock[i]);
  }
  std::ofstream out(argv[3], std::ios::binary);
  out.write(reinterpret_cast<const char*>(output.data()), static_cast<std::streamsize>(output.size() * sizeof(double)));
  return out.good() ? 0 : 1;
}
