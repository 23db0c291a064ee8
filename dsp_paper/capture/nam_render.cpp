// Renders raw float64 samples through a .nam file with NeuralAmpModelerCore, driven as Neural
// Amp Modeler's plugin drives it: the model loaded with nam::get_dsp, Reset (which prewarms
// it with zeros) at the model's sample rate, then process() on blocks of 64 samples.
//
//   nam_render MODEL.nam IN.f64 OUT.f64 [--fast-tanh]
//
// IN and OUT are headerless little-endian float64, mono. Exact tanh unless --fast-tanh (the
// plugin's setting), so that the output can be compared with another implementation.
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "NAM/activations.h"
#include "NAM/dsp.h"
#include "NAM/get_dsp.h"

int main(int argc, char* argv[])
{
  if (argc < 4 || argc > 5 || (argc == 5 && std::strcmp(argv[4], "--fast-tanh") != 0))
  {
    std::cerr << "usage: nam_render MODEL.nam IN.f64 OUT.f64 [--fast-tanh]\n";
    return 2;
  }
  if (argc == 5)
    nam::activations::Activation::enable_fast_tanh();
  else
    nam::activations::Activation::disable_fast_tanh();
  auto model = nam::get_dsp(std::filesystem::path(argv[1]));
  if (!model || model->NumInputChannels() != 1 || model->NumOutputChannels() != 1)
  {
    std::cerr << "nam_render: cannot run " << argv[1] << " (mono in and out needed)\n";
    return 1;
  }
  std::ifstream in(argv[2], std::ios::binary | std::ios::ate);
  const std::streamsize bytes = in.tellg();
  in.seekg(0);
  std::vector<double> input(static_cast<size_t>(bytes) / sizeof(double));
  in.read(reinterpret_cast<char*>(input.data()), bytes);
  const int block = 64;
  const double rate = model->GetExpectedSampleRate() > 0 ? model->GetExpectedSampleRate() : 48000.0;
  model->Reset(rate, block);
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
