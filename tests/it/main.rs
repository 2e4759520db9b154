//! The native integration tests, as one crate (one link instead of one per file): the engine,
//! every lesson's math, the URL state sweep, the data converter and the layering rules.

mod arch_alexnet;
mod arch_calc;
mod arch_googlenet;
mod arch_imagenet;
mod arch_inception;
mod arch_lenet5;
mod arch_resnet;
mod arch_three_networks;
mod arch_vgg;
mod arch_why_flops;
mod data_convert;
mod data_fashion_real;
mod data_mnist_real;
mod data_pretrained;
mod engine_arch;
mod engine_golden;
mod engine_grad;
mod engine_grad_layers;
mod engine_harness;
mod engine_layers;
mod engine_model;
mod engine_resnet_mnist;
mod import_cycles;
mod layering;
mod lessons_connectivity;
mod lessons_conv_layer;
mod lessons_equivariance;
mod lessons_gradients;
mod lessons_pooling;
mod lessons_receptive_field;
mod lessons_seagull;
mod lessons_sharing;
mod lessons_sparse_pages;
mod real_assets;
mod state_sweep;
