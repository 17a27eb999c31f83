// The ui library's first sources land with the figures; this keeps the target non-empty until then.
namespace stackbench_ui_detail {
int placeholder() { return 0; }
}
