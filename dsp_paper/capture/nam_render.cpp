// Renders raw float64 samples through a .nam file with NeuralAmpModelerCore, driven as Neural
// Amp Modeler's plugin drives it: the model loaded with nam::get_dsp, Reset (which prewarms
// it with zeros) at the model's sample rate, then process() on blocks of 64 samples.
//
//   nam_render MODEL.nam IN.f64 OUT.f64 [--fast-tanh] [--controls V1,V2,...]
//   nam_render MODEL.nam --bench SECONDS [--fast-tanh] [--controls V1,V2,...]
//
// IN and OUT are headerless little-endian float64, mono. Exact tanh unless --fast-tanh (the
// plugin's setting), so that the output can be compared with another implementation. A model
// with more than one input channel (a multi-input WaveNet: the audio, then its controls) gets
// the --controls values, constant, on its other channels (zeros while Reset prewarms it). With
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

// The block's input channels: the audio, then each control held at its value.
struct Inputs
{
  std::vector<std::vector<NAM_SAMPLE>> channels;
  std::vector<NAM_SAMPLE*> pointers;
  Inputs(const std::vector<double>& controls, int block)
  : channels(1 + controls.size(), std::vector<NAM_SAMPLE>(block))
  {
    for (size_t c = 0; c < controls.size(); c++)
      std::fill(channels[c + 1].begin(), channels[c + 1].end(), static_cast<NAM_SAMPLE>(controls[c]));
    for (auto& channel : channels)
      pointers.push_back(channel.data());
  }
};

static double bench(nam::DSP& model, double rate, double seconds, int block, Inputs& inputs)
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
      inputs.pointers[0] = input.data() + i;
      NAM_SAMPLE* outPtr = out.data();
      model.process(inputs.pointers.data(), &outPtr, block);
    }
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (pass > 0 && took < best)
      best = took; // the first pass warms the caches
  }
  return best;
}

static bool parse_controls(const char* text, std::vector<double>& controls)
{
  const char* at = text;
  while (*at)
  {
    char* end = nullptr;
    controls.push_back(std::strtod(at, &end));
    if (end == at || (*end != ',' && *end != '\0'))
      return false;
    at = *end == ',' ? end + 1 : end;
  }
  return !controls.empty();
}

int main(int argc, char* argv[])
{
  bool fast = false;
  std::vector<double> controls;
  std::vector<char*> args;
  for (int i = 1; i < argc; i++)
  {
    if (std::strcmp(argv[i], "--fast-tanh") == 0)
      fast = true;
    else if (std::strcmp(argv[i], "--controls") == 0 && i + 1 < argc)
    {
      if (!parse_controls(argv[++i], controls))
      {
        std::cerr << "nam_render: --controls needs numbers separated by commas, got " << argv[i] << "\n";
        return 2;
      }
    }
    else
      args.push_back(argv[i]);
  }
  const bool benching = args.size() == 3 && std::strcmp(args[1], "--bench") == 0;
  if (args.size() != 3)
  {
    std::cerr << "usage: nam_render MODEL.nam IN.f64 OUT.f64 [--fast-tanh] [--controls V1,...]\n"
                 "       nam_render MODEL.nam --bench SECONDS [--fast-tanh] [--controls V1,...]\n";
    return 2;
  }
  if (fast)
    nam::activations::Activation::enable_fast_tanh();
  else
    nam::activations::Activation::disable_fast_tanh();
  std::unique_ptr<nam::DSP> model;
  try
  {
    model = nam::get_dsp(std::filesystem::path(args[0]));
  }
  catch (const std::exception& e)
  {
    std::cerr << "nam_render: cannot load " << args[0] << ": " << e.what() << "\n";
    return 1;
  }
  if (!model || model->NumInputChannels() != static_cast<int>(1 + controls.size())
      || model->NumOutputChannels() != 1)
  {
    std::cerr << "nam_render: cannot run " << args[0] << " (mono out, and the audio plus "
              << controls.size() << " control(s) in, needed)\n";
    return 1;
  }
  const int block = 64;
  const double rate = model->GetExpectedSampleRate() > 0 ? model->GetExpectedSampleRate() : 48000.0;
  model->Reset(rate, block);
  Inputs inputs(controls, block);
  if (benching)
  {
    char* end = nullptr;
    const double seconds = std::strtod(args[2], &end);
    if (end == args[2] || *end != '\0' || !(seconds * rate >= block) || seconds > 3600)
    {
      std::cerr << "nam_render: --bench needs seconds for at least one block, got " << args[2] << "\n";
      return 2;
    }
    std::cout << bench(*model, rate, seconds, block, inputs) << "\n";
    return 0;
  }
  std::ifstream in(args[1], std::ios::binary | std::ios::ate);
  const std::streamsize bytes = in ? static_cast<std::streamsize>(in.tellg()) : -1;
  if (bytes < 0 || bytes % sizeof(double) != 0)
  {
    std::cerr << "nam_render: " << args[1] << " is not a file of float64 samples\n";
    return 1;
  }
  in.seekg(0);
  std::vector<double> input(static_cast<size_t>(bytes) / sizeof(double));
  in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size() * sizeof(double)));
  std::vector<NAM_SAMPLE> outBlock(block);
  std::vector<double> output(input.size());
  for (size_t start = 0; start < input.size(); start += block)
  {
    const int n = static_cast<int>(std::min<size_t>(block, input.size() - start));
    for (int i = 0; i < n; i++)
      inputs.channels[0][i] = static_cast<NAM_SAMPLE>(input[start + i]);
    NAM_SAMPLE* outPtr = outBlock.data();
    model->process(inputs.pointers.data(), &outPtr, n);
    for (int i = 0; i < n; i++)
      output[start + i] = static_cast<double>(outBlock[i]);
  }
  std::ofstream out(args[2], std::ios::binary);
  out.write(reinterpret_cast<const char*>(output.data()), static_cast<std::streamsize>(output.size() * sizeof(double)));
  return out.good() ? 0 : 1;
}
